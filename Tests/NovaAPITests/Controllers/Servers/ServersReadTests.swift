import Common
import Foundation
import Testing

@testable import NovaAPI

@Suite("Servers: show, list, detail")
struct ServersReadTests {
    @Test("show at 2.1 has exactly the fields of Nova's sample, admin fields included for admins")
    func showMatchesSample() async throws {
        let h = await ControllerHarness()
        let server = await h.addServer(name: "sample-1", project: "admin")
        let r = await h.admin("GET", "/v2.1/servers/\(server.uuid)")
        #expect(r.status == 200)
        #expect(Shape.differences(r.doc, try JSONValue.parse(NovaSamples.serverShowMv21)) == [])
        let s = r.doc["server"]
        #expect(s?["status"] == "ACTIVE")
        #expect(s?["OS-EXT-SRV-ATTR:host"] == "compute1")
        #expect(s?["OS-EXT-AZ:availability_zone"] == "nova")
        #expect(s?["flavor"]?["id"] == "1")
        #expect(s?["links"]?.arrayValue?.first?["href"] == .string("http://127.0.0.1:8774/v2.1/servers/\(server.uuid)"))
        #expect(r.header("OpenStack-API-Version") == "compute 2.1")
    }

    @Test("hostId is sha224 of project and host, empty before scheduling")
    func hostID() async throws {
        let h = await ControllerHarness()
        let placed = await h.addServer(project: "admin")
        let unplaced = await h.addServer(project: "admin", host: nil, vmState: .building, taskState: .scheduling)
        let a = await h.admin("GET", "/v2.1/servers/\(placed.uuid)")
        #expect(a.doc["server"]?["hostId"] == .string(Digest.hex(Digest.sha224(Array("admincompute1".utf8)))))
        let b = await h.admin("GET", "/v2.1/servers/\(unplaced.uuid)")
        #expect(b.doc["server"]?["hostId"] == "")
        #expect(b.doc["server"]?["status"] == "BUILD")
        #expect(b.doc["server"]?["OS-EXT-AZ:availability_zone"] == "")
    }

    @Test("a member sees no admin-only fields")
    func memberView() async throws {
        let h = await ControllerHarness()
        let server = await h.addServer()
        let r = await h.send("GET", "/v2.1/servers/\(server.uuid)")
        #expect(r.status == 200)
        let keys = Set(r.doc["server"]?.objectValue?.keys.map { $0 } ?? [])
        #expect(!keys.contains("OS-EXT-SRV-ATTR:host"))
        #expect(keys.contains("OS-EXT-STS:vm_state"))
    }

    @Test("another project's server is 404 with Nova's message, as is an unknown one")
    func isolation() async throws {
        let h = await ControllerHarness()
        let server = await h.addServer(project: "projecta")
        let r = await h.send("GET", "/v2.1/servers/\(server.uuid)", token: "bob:projectb")
        #expect(r.status == 404)
        #expect(r.faultName == "itemNotFound")
        #expect(r.faultMessage == "Instance \(server.uuid) could not be found.")
        let sample = try JSONValue.parse(NovaSamples.errorServerNotFoundMv21)
        #expect(Shape.differences(r.doc, sample) == [])
        let admin = await h.admin("GET", "/v2.1/servers/\(server.uuid)")
        #expect(admin.status == 200)
    }

    @Test("list and detail at 2.1 match Nova's samples")
    func listMatchesSamples() async throws {
        let h = await ControllerHarness()
        await h.addServer(name: "sample-1", project: "admin")
        await h.addServer(name: "sample-2", project: "admin")
        let list = await h.admin("GET", "/v2.1/servers")
        #expect(Shape.differences(list.doc, try JSONValue.parse(NovaSamples.serversListMv21)) == [])
        #expect(list.doc["servers"]?.arrayValue?.count == 2)
        let detail = await h.admin("GET", "/v2.1/servers/detail")
        let diff = Shape.differences(detail.doc, try JSONValue.parse(NovaSamples.serversDetailMv21))
        #expect(diff == [])
    }

    @Test("lists show only the caller's project unless an admin asks for all_tenants")
    func projectScope() async throws {
        let h = await ControllerHarness()
        await h.addServer(name: "a1", project: "projecta")
        await h.addServer(name: "b1", project: "projectb")
        let mine = await h.send("GET", "/v2.1/servers", token: "alice:projecta")
        #expect(mine.doc["servers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["a1"])
        let refused = await h.send("GET", "/v2.1/servers?all_tenants=1", token: "alice:projecta")
        #expect(refused.status == 403)
        #expect(
            refused.faultMessage == "Policy doesn't allow os_compute_api:servers:index:get_all_tenants to be performed."
        )
        let all = await h.admin("GET", "/v2.1/servers?all_tenants")
        #expect(all.doc["servers"]?.arrayValue?.count == 2)
        let one = await h.admin("GET", "/v2.1/servers/detail?all_tenants=true&project_id=projectb")
        #expect(one.doc["servers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["b1"])
    }

    @Test("name is a regular expression, status maps to states, unknown status is 400 from 2.38")
    func filters() async throws {
        let h = await ControllerHarness()
        await h.addServer(name: "web-1")
        await h.addServer(name: "web-2", vmState: .stopped)
        await h.addServer(name: "db-1")
        let web = await h.send("GET", "/v2.1/servers?name=^web")
        #expect(
            Set(web.doc["servers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []) == ["web-1", "web-2"])
        let off = await h.send("GET", "/v2.1/servers?status=SHUTOFF")
        #expect(off.doc["servers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["web-2"])
        let old = await h.send("GET", "/v2.1/servers?status=BOGUS")
        #expect(old.status == 200)
        #expect(old.doc["servers"] == [])
        let new = await h.send("GET", "/v2.1/servers?status=BOGUS", version: "2.38")
        #expect(new.status == 400)
        #expect(new.faultMessage == "Invalid status value")
        let small = await h.send("GET", "/v2.1/servers?flavor=2")
        #expect(small.doc["servers"] == [])
        let ip = await h.send("GET", "/v2.1/servers?ip=10.0.0.1")
        #expect(ip.doc["servers"] == [])
    }

    @Test("paging: limit gives a next link only on a full page; an unknown marker is 400")
    func paging() async throws {
        let h = await ControllerHarness()
        for n in 1...3 { await h.addServer(name: "s\(n)") }
        let first = await h.send("GET", "/v2.1/servers?limit=2&sort_key=display_name&sort_dir=asc")
        let names = first.doc["servers"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(names == ["s1", "s2"])
        let next = first.doc["servers_links"]?.arrayValue?.first?["href"]?.stringValue ?? ""
        #expect(next.hasPrefix("http://127.0.0.1:8774/v2.1/servers?limit=2&marker="))
        let marker = String(next.split(separator: "marker=").last?.split(separator: "&").first ?? "")
        let second = await h.send("GET", "/v2.1/servers?limit=2&sort_key=display_name&sort_dir=asc&marker=\(marker)")
        #expect(second.doc["servers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["s3"])
        #expect(second.doc["servers_links"] == nil)
        let bad = await h.send("GET", "/v2.1/servers?marker=nope")
        #expect(bad.status == 400)
        #expect(bad.faultMessage == "marker [nope] not found")
        let negative = await h.send("GET", "/v2.1/servers?limit=-1")
        #expect(negative.status == 400)
    }

    @Test("sorting: ignored keys are dropped, host is admin-only, bad directions are 400")
    func sorting() async throws {
        let h = await ControllerHarness()
        await h.addServer(name: "b")
        await h.addServer(name: "a")
        let byName = await h.send("GET", "/v2.1/servers?sort_key=display_name&sort_dir=asc")
        #expect(byName.doc["servers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["a", "b"])
        let host = await h.send("GET", "/v2.1/servers?sort_key=host")
        #expect(host.status == 403)
        #expect(host.faultMessage == "Only administrators can sort servers by host")
        let ignored = await h.send("GET", "/v2.1/servers?sort_key=vcpus")
        #expect(ignored.status == 200)
        let unknown = await h.send("GET", "/v2.1/servers?sort_key=bogus")
        #expect(unknown.status == 400)
        let dir = await h.send("GET", "/v2.1/servers?sort_key=display_name&sort_dir=up")
        #expect(dir.status == 400)
    }

    @Test("a server in ERROR shows its fault; details of a 500 only to admins")
    func fault() async throws {
        let h = await ControllerHarness()
        var s = await h.addServer(vmState: .error)
        var f = InstanceFault()
        f.code = 500
        f.message = "No valid host was found. "
        f.details = "Traceback..."
        f.createdAt = ControllerHarness.now
        s.fault = f
        await h.store.add(instance: s)
        let member = await h.send("GET", "/v2.1/servers/\(s.uuid)")
        #expect(member.doc["server"]?["status"] == "ERROR")
        #expect(member.doc["server"]?["fault"]?["message"] == "No valid host was found. ")
        #expect(member.doc["server"]?["fault"]?["details"] == nil)
        let admin = await h.admin("GET", "/v2.1/servers/\(s.uuid)")
        #expect(admin.doc["server"]?["fault"]?["details"] == "Traceback...")
    }
}

@Suite("Servers: URLs with the project id")
struct ServersProjectURLTests {
    @Test("links keep the project id of the request URL; another project's id in the URL is refused")
    func projectInPath() async throws {
        let h = await ControllerHarness()
        let s = await h.addServer(project: "abc123")
        let r = await h.send("GET", "/v2.1/abc123/servers/\(s.uuid)", token: "alice:abc123")
        #expect(r.status == 200)
        #expect(
            r.doc["server"]?["links"]?.arrayValue?.first?["href"]
                == .string("http://127.0.0.1:8774/v2.1/abc123/servers/\(s.uuid)"))
        #expect(
            r.doc["server"]?["flavor"]?["links"]?.arrayValue?.first?["href"] == "http://127.0.0.1:8774/abc123/flavors/1")
        let other = await h.send("GET", "/v2.1/def456/servers/\(s.uuid)", token: "alice:abc123")
        #expect(other.status == 400)
    }
}
