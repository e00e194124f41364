import Common
import Foundation
import NovaDB
import Testing

@testable import NovaAPI

/// The servers resource over the database store: what the controller tests check on the memory store,
/// here on SQLite through `DatabaseComputeAPIStore`.
@Suite("Database store: servers")
struct DatabaseServersTests {
    static func body(_ name: String = "vm", flavor: String = "1", extra: [String: JSONValue] = [:]) -> JSONValue {
        ServersWriteTests.createBody(name: name, flavor: .string(flavor), extra: extra)
    }

    @Test("create answers 202, writes a building server with its request spec, create action and tags")
    func create() async throws {
        let h = try await DatabaseHarness()
        let r = await h.send("POST", "/v2.1/servers", version: "2.52", body: Self.body(extra: ["tags": ["a", "b"]]))
        #expect(r.status == 202)
        let id = try #require(r.doc["server"]?["id"]?.stringValue)
        let stored = try await h.store.instance(uuid: id, readDeleted: false)
        #expect(stored.vmState == .building)
        #expect(stored.taskState == .scheduling)
        #expect(stored.flavor?.flavorID == "1")
        #expect(stored.projectID == "demo")
        #expect(try await h.db.requestSpec(instanceUUID: id)?.instanceUUID == id)
        #expect(try await h.db.actions(instanceUUID: id).map(\.action) == ["create"])
        #expect(try await h.store.tags(instanceUUIDs: [id]) == [id: ["a", "b"]])
        #expect(h.actions.names == ["scheduleAndBuild"])
        let show = await h.send("GET", "/v2.1/servers/\(id)", version: "2.26")
        #expect(show.doc["server"]?["status"] == "BUILD")
        #expect(show.doc["server"]?["tags"] == ["a", "b"])
    }

    @Test("show matches Nova's sample; another project's server is 404 as an unknown one")
    func showAndIsolation() async throws {
        let h = try await DatabaseHarness()
        let server = try await h.addServer(name: "sample-1", project: "admin")
        let r = await h.admin("GET", "/v2.1/servers/\(server.uuid)")
        #expect(r.status == 200)
        #expect(Shape.differences(r.doc, try JSONValue.parse(NovaSamples.serverShowMv21)) == [])
        #expect(r.doc["server"]?["OS-EXT-SRV-ATTR:host"] == "compute1")
        let other = await h.send("GET", "/v2.1/servers/\(server.uuid)", token: "bob:projectb")
        #expect(other.status == 404)
        #expect(other.faultMessage == "Instance \(server.uuid) could not be found.")
    }

    @Test(
        "list filters: project scope, all_tenants, name regex, status, flavor, image, host, power_state",
        arguments: DatabaseEngine.allCases)
    func filters(engine: DatabaseEngine) async throws {
        let h = try await DatabaseHarness(engine: engine)
        let web1 = try await h.addServer(name: "web-1", project: "p1")
        try await h.addServer(name: "web-2", project: "p1", host: "compute2", flavorID: "2")
        try await h.addServer(name: "db-1", project: "p1", host: nil, vmState: .building, taskState: .scheduling)
        try await h.addServer(name: "web-3", project: "p2")
        func names(_ target: String, token: String = "u1:p1", version: String? = nil) async -> [String] {
            let r = await h.send("GET", target, token: token, version: version)
            return (r.doc["servers"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }.sorted()
        }
        #expect(await names("/v2.1/servers") == ["db-1", "web-1", "web-2"])
        #expect(
            await names("/v2.1/servers?all_tenants=1", token: "admin:admin") == ["db-1", "web-1", "web-2", "web-3"])
        #expect(await names("/v2.1/servers?name=%5Eweb") == ["web-1", "web-2"])
        #expect(await names("/v2.1/servers?status=BUILD") == ["db-1"])
        #expect(await names("/v2.1/servers?flavor=2") == ["web-2"])
        #expect(await names("/v2.1/servers?image=\(ControllerHarness.imageID)").count == 3)
        #expect(await names("/v2.1/servers?all_tenants=1&host=compute2", token: "admin:admin") == ["web-2"])
        #expect(await names("/v2.1/servers?all_tenants=1&power_state=1", token: "admin:admin").count == 3)
        #expect(await names("/v2.1/servers?all_tenants=1&uuid=\(web1.uuid)", token: "admin:admin") == ["web-1"])
        #expect(await names("/v2.1/servers?availability_zone=no.a", version: "2.83") == ["web-1", "web-2"])
        let badRegex = await h.send("GET", "/v2.1/servers?name=%5B", token: "u1:p1")
        #expect(badRegex.status == 400)
    }

    @Test(
        "paging: limit, marker and servers_links walk the list in created_at order; unknown marker is 400",
        arguments: DatabaseEngine.allCases)
    func paging(engine: DatabaseEngine) async throws {
        let h = try await DatabaseHarness(engine: engine)
        var made: [String] = []
        for n in 1...5 { made.append(try await h.addServer(name: "s\(n)").uuid) }
        let first = await h.send("GET", "/v2.1/servers?limit=2")
        let page1 = (first.doc["servers"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
        #expect(page1 == [made[4], made[3]])
        let next = try #require(first.doc["servers_links"]?.arrayValue?.first?["href"]?.stringValue)
        #expect(next.contains("marker=\(made[3])"))
        let second = await h.send("GET", "/v2.1/servers?limit=2&marker=\(made[3])")
        #expect((second.doc["servers"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue } == [made[2], made[1]])
        let sorted = await h.send("GET", "/v2.1/servers?sort_key=display_name&sort_dir=asc")
        #expect(
            (sorted.doc["servers"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue } == [
                "s1", "s2", "s3", "s4", "s5",
            ])
        let bad = await h.send("GET", "/v2.1/servers?marker=\(UUID().uuidString.lowercased())")
        #expect(bad.status == 400)
        #expect(bad.faultMessage?.hasPrefix("marker [") == true)
    }

    @Test("changes-since lists deleted servers too; deleted=true is for admins")
    func changesSince() async throws {
        let h = try await DatabaseHarness()
        let before = NovaTime.format(Date().addingTimeInterval(-60)).addingPercentEncoding(
            withAllowedCharacters: .alphanumerics)!
        let kept = try await h.addServer(name: "kept", host: nil, vmState: .building, taskState: .scheduling)
        let gone = try await h.addServer(name: "gone", host: nil, vmState: .building, taskState: .scheduling)
        #expect(await h.send("DELETE", "/v2.1/servers/\(gone.uuid)").status == 204)
        let r = await h.send("GET", "/v2.1/servers/detail?changes-since=\(before)")
        let rows = r.doc["servers"]?.arrayValue ?? []
        #expect(Set(rows.compactMap { $0["id"]?.stringValue }) == [kept.uuid, gone.uuid])
        #expect(rows.first { $0["id"]?.stringValue == gone.uuid }?["status"] == "DELETED")
        let deleted = await h.admin("GET", "/v2.1/servers?deleted=true&all_tenants=1")
        #expect((deleted.doc["servers"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue } == [gone.uuid])
    }

    @Test(
        "tags filters (2.26): tags, tags-any, not-tags, not-tags-any; PUT replaces them",
        arguments: DatabaseEngine.allCases)
    func tags(engine: DatabaseEngine) async throws {
        let h = try await DatabaseHarness(engine: engine)
        let a = try await h.addServer(name: "a")
        let b = try await h.addServer(name: "b")
        try await h.addServer(name: "c")
        #expect(
            await h.send("PUT", "/v2.1/servers/\(a.uuid)/tags", version: "2.26", body: ["tags": ["x", "y"]]).status
                == 200)
        #expect(await h.send("PUT", "/v2.1/servers/\(b.uuid)/tags/x", version: "2.26").status == 201)
        func names(_ q: String) async -> [String] {
            let r = await h.send("GET", "/v2.1/servers?\(q)", version: "2.26")
            return (r.doc["servers"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }.sorted()
        }
        #expect(await names("tags=x,y") == ["a"])
        #expect(await names("tags-any=x,y") == ["a", "b"])
        #expect(await names("not-tags=x,y") == ["b", "c"])
        #expect(await names("not-tags-any=y") == ["b", "c"])
        let list = await h.send("GET", "/v2.1/servers/\(a.uuid)/tags", version: "2.26")
        #expect(list.doc["tags"] == ["x", "y"])
    }

    @Test("delete casts to a live compute; a server never scheduled or on a down compute is deleted here")
    func delete() async throws {
        let h = try await DatabaseHarness()
        let live = try await h.addServer()
        #expect(await h.send("DELETE", "/v2.1/servers/\(live.uuid)").status == 204)
        #expect(h.actions.names == ["terminate"])
        #expect(try await h.store.instance(uuid: live.uuid, readDeleted: false).taskState == .deleting)

        let down = try await h.db.reportService(Service(host: "compute9", binary: "nova-compute", topic: "compute"))
        _ = try await h.db.saveService(
            id: down.id, changes: ["last_seen_up": .string(NovaTime.format(Date(timeIntervalSince1970: 0)))])
        let node = try await h.db.updateComputeNode(
            ControllerHarness.node("compute9", serviceID: down.id),
            inventory: [
                Inventory(.vcpu, total: 8, reserved: 0, allocationRatio: 1),
                Inventory(.memoryMB, total: 4096, reserved: 0, allocationRatio: 1),
                Inventory(.diskGB, total: 40, reserved: 0, allocationRatio: 1),
            ])
        let stranded = try await h.addServer(host: "compute9")
        try await h.db.claim(consumer: stranded.uuid, nodeUUID: node.uuid, vcpus: 1, memoryMB: 512, diskGB: 1)
        #expect(await h.send("DELETE", "/v2.1/servers/\(stranded.uuid)").status == 204)
        #expect(h.actions.names == ["terminate"])
        #expect(try await h.db.allocations(consumer: stranded.uuid).isEmpty)
        #expect(await h.send("GET", "/v2.1/servers/\(stranded.uuid)").status == 404)
        let deleted = try await h.store.instance(uuid: stranded.uuid, readDeleted: true)
        #expect(deleted.vmState == .deleted)
    }

    @Test("guarded saves: a state change races to one winner; the loser gets Nova's 409")
    func guardedSave() async throws {
        let h = try await DatabaseHarness()
        let s = try await h.addServer()
        _ = try await h.store.saveInstance(
            uuid: s.uuid, changes: ["task_state": "powering-off"], expectedTaskState: [nil], expectedVMState: ["active"]
        )
        await #expect(throws: ComputeError.unexpectedTaskState(s.uuid, expected: [nil], actual: "powering-off")) {
            try await h.store.saveInstance(
                uuid: s.uuid, changes: ["task_state": "rebooting"], expectedTaskState: [nil], expectedVMState: nil)
        }
        await #expect(throws: ComputeError.unexpectedVMState(s.uuid, expected: ["stopped"], actual: "active")) {
            try await h.store.saveInstance(
                uuid: s.uuid, changes: [:], expectedTaskState: nil, expectedVMState: ["stopped"])
        }
        await #expect(throws: ComputeError.instanceNotFound("nope")) {
            try await h.store.saveInstance(uuid: "nope", changes: [:], expectedTaskState: nil, expectedVMState: nil)
        }
        let stop = await h.send("POST", "/v2.1/servers/\(s.uuid)/action", body: ["os-stop": .null])
        #expect(stop.status == 409)
    }
}
