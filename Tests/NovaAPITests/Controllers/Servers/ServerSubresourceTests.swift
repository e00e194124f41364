import Common
import Foundation
import Testing

@testable import NovaAPI

@Suite("Server metadata, tags and instance actions")
struct ServerSubresourceTests {
    @Test("metadata: merge, replace, show, update one, delete, with Nova's errors")
    func metadata() async throws {
        let h = await ControllerHarness()
        let s = await h.addServer()
        let base = "/v2.1/servers/\(s.uuid)/metadata"
        let merged = await h.send("POST", base, body: ["metadata": ["a": "1", "b": "2"]])
        #expect(merged.status == 200)
        #expect(merged.doc["metadata"] == ["a": "1", "b": "2"])
        let more = await h.send("POST", base, body: ["metadata": ["c": "3"]])
        #expect(more.doc["metadata"] == ["a": "1", "b": "2", "c": "3"])
        let replaced = await h.send("PUT", base, body: ["metadata": ["z": "9"]])
        #expect(replaced.doc["metadata"] == ["z": "9"])
        #expect(await h.send("GET", base).doc["metadata"] == ["z": "9"])
        #expect(await h.send("GET", base + "/z").doc == ["meta": ["z": "9"]])
        let missing = await h.send("GET", base + "/nope")
        #expect(missing.status == 404)
        #expect(missing.faultMessage == "Metadata item was not found")
        let one = await h.send("PUT", base + "/k", body: ["meta": ["k": "v"]])
        #expect(one.status == 200)
        #expect(one.doc == ["meta": ["k": "v"]])
        let mismatch = await h.send("PUT", base + "/k", body: ["meta": ["other": "v"]])
        #expect(mismatch.status == 400)
        #expect(mismatch.faultMessage == "Request body and URI mismatch")
        let two = await h.send("PUT", base + "/k", body: ["meta": ["k": "v", "j": "w"]])
        #expect(two.status == 400)
        #expect(await h.send("DELETE", base + "/k").status == 204)
        #expect(await h.send("DELETE", base + "/k").status == 404)
        let badKey = await h.send("POST", base, body: ["metadata": ["bad/key": "v"]])
        #expect(badKey.status == 400)
    }

    @Test("metadata of a building server cannot change (409)")
    func metadataState() async throws {
        let h = await ControllerHarness()
        let s = await h.addServer(host: nil, vmState: .building, taskState: .scheduling)
        let r = await h.send("POST", "/v2.1/servers/\(s.uuid)/metadata", body: ["metadata": ["a": "1"]])
        #expect(r.status == 409)
        #expect(r.faultMessage == "Cannot 'update metadata' instance \(s.uuid) while it is in vm_state building")
    }

    @Test("tags from 2.26: add (201, then 204), list, check, filter servers, delete; 404 before 2.26")
    func tags() async throws {
        let h = await ControllerHarness()
        let s = await h.addServer(name: "tagged")
        await h.addServer(name: "plain")
        let base = "/v2.1/servers/\(s.uuid)/tags"
        #expect(await h.send("GET", base).status == 404)
        let added = await h.send("PUT", base + "/red", version: "2.26")
        #expect(added.status == 201)
        #expect(added.header("Location") == "http://127.0.0.1:8774/v2.1/servers/\(s.uuid)/tags/red")
        #expect(await h.send("PUT", base + "/red", version: "2.26").status == 204)
        #expect(await h.send("GET", base + "/red", version: "2.26").status == 204)
        #expect(await h.send("GET", base + "/blue", version: "2.26").status == 404)
        let all = await h.send("PUT", base, version: "2.26", body: ["tags": ["red", "green"]])
        #expect(all.doc["tags"] == ["red", "green"])
        let filtered = await h.send("GET", "/v2.1/servers?tags=red,green", version: "2.26")
        #expect(filtered.doc["servers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["tagged"])
        let without = await h.send("GET", "/v2.1/servers?not-tags-any=red", version: "2.26")
        #expect(without.doc["servers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["plain"])
        let shown = await h.send("GET", "/v2.1/servers/\(s.uuid)", version: "2.26")
        #expect(shown.doc["server"]?["tags"] == ["red", "green"])
        let bad = await h.send("PUT", base + "/a,b", version: "2.26")
        #expect(bad.status == 400)
        #expect(await h.send("DELETE", base + "/red", version: "2.26").status == 204)
        #expect(await h.send("DELETE", base, version: "2.26").status == 204)
        #expect(await h.send("GET", base, version: "2.26").doc["tags"] == [])
    }

    @Test("instance actions: list newest first, show with events for admins, and for all from 2.51")
    func actions() async throws {
        let h = await ControllerHarness()
        let s = await h.addServer()
        _ = await h.send("POST", "/v2.1/servers/\(s.uuid)/action", body: ["os-stop": nil])
        let list = await h.send("GET", "/v2.1/servers/\(s.uuid)/os-instance-actions")
        #expect(list.status == 200)
        let entries = list.doc["instanceActions"]?.arrayValue ?? []
        #expect(entries.count == 1)
        #expect(
            Set(entries.first?.objectValue?.keys.map { $0 } ?? []) == [
                "action", "instance_uuid", "message", "project_id", "request_id", "start_time", "user_id",
            ])
        let requestID = try #require(entries.first?["request_id"]?.stringValue)
        let stored = try #require(await h.store.storedActions().first)
        var e = InstanceActionEvent()
        e.event = "compute_stop_instance"
        e.actionID = stored.id
        e.result = "Success"
        e.host = "compute1"
        e.traceback = "tb"
        e.startTime = ControllerHarness.now
        await h.store.add(event: e)
        let member = await h.send("GET", "/v2.1/servers/\(s.uuid)/os-instance-actions/\(requestID)")
        #expect(member.doc["instanceAction"]?["events"] == nil)
        #expect(member.doc["instanceAction"]?["action"] == "stop")
        let later = await h.send("GET", "/v2.1/servers/\(s.uuid)/os-instance-actions/\(requestID)", version: "2.62")
        let event = later.doc["instanceAction"]?["events"]?.arrayValue?.first
        #expect(event?["event"] == "compute_stop_instance")
        #expect(event?["traceback"] == nil)
        #expect(event?["host"] == nil)
        #expect(event?["hostId"] == .string(Digest.hex(Digest.sha224(Array("democompute1".utf8)))))
        let admin = await h.admin("GET", "/v2.1/servers/\(s.uuid)/os-instance-actions/\(requestID)")
        #expect(admin.doc["instanceAction"]?["events"]?.arrayValue?.first?["traceback"] == "tb")
        let missing = await h.send("GET", "/v2.1/servers/\(s.uuid)/os-instance-actions/req-nope")
        #expect(missing.status == 404)
        #expect(missing.faultMessage == "Action for request_id req-nope on instance \(s.uuid) not found")
    }

    @Test("instance actions of a deleted server from 2.21; paging from 2.58")
    func deletedAndPaging() async throws {
        let h = await ControllerHarness()
        let s = await h.addServer(host: nil, vmState: .building, taskState: .scheduling)
        #expect(await h.send("DELETE", "/v2.1/servers/\(s.uuid)").status == 204)
        #expect(await h.send("GET", "/v2.1/servers/\(s.uuid)/os-instance-actions").status == 404)
        let after = await h.send("GET", "/v2.1/servers/\(s.uuid)/os-instance-actions", version: "2.21")
        #expect(after.doc["instanceActions"]?.arrayValue?.first?["action"] == "delete")
        let paged = await h.send("GET", "/v2.1/servers/\(s.uuid)/os-instance-actions?limit=1", version: "2.58")
        #expect(paged.doc["links"]?.arrayValue?.first?["rel"] == "next")
        #expect(paged.doc["instanceActions"]?.arrayValue?.first?["updated_at"] != nil)
        let strict = await h.send("GET", "/v2.1/servers/\(s.uuid)/os-instance-actions?bogus=1", version: "2.58")
        #expect(strict.status == 400)
        let marker = await h.send("GET", "/v2.1/servers/\(s.uuid)/os-instance-actions?marker=nope", version: "2.58")
        #expect(marker.faultMessage == "Marker nope could not be found.")
    }
}
