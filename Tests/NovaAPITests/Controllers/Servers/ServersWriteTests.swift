import Common
import Foundation
import Testing

@testable import NovaAPI

@Suite("Servers: create, update, delete")
struct ServersWriteTests {
    static func createBody(
        name: String = "vm", flavor: JSONValue = "1", image: String = ControllerHarness.imageID,
        networks: JSONValue? = "none", extra: [String: JSONValue] = [:]
    ) -> JSONValue {
        var server: [String: JSONValue] = ["name": .string(name), "flavorRef": flavor, "imageRef": .string(image)]
        if let networks { server["networks"] = networks }
        for (k, v) in extra { server[k] = v }
        return ["server": .object(server)]
    }

    @Test("create answers 202 with Nova's body and Location, writes a building server and casts the build")
    func create() async throws {
        let h = await ControllerHarness()
        let r = await h.send("POST", "/v2.1/servers", version: "2.37", body: Self.createBody())
        #expect(r.status == 202)
        #expect(Shape.differences(r.doc, try JSONValue.parse(NovaSamples.postServersMv237)) == [])
        let id = try #require(r.doc["server"]?["id"]?.stringValue)
        #expect(r.header("Location") == "http://127.0.0.1:8774/v2.1/servers/\(id)")
        #expect(r.doc["server"]?["adminPass"]?.stringValue?.count == 12)
        let stored = try await h.store.instance(uuid: id, readDeleted: false)
        #expect(stored.vmState == .building)
        #expect(stored.taskState == .scheduling)
        #expect(stored.flavor?.flavorID == "1")
        #expect(stored.projectID == "demo")
        #expect(stored.hostname == "vm")
        #expect(h.actions.calls == [.init(name: "scheduleAndBuild", uuid: id, detail: #"[{"network_id":"none"}]"#)])
        #expect(h.actions.lastSpecs.first?.instanceUUID == id)
        #expect(await h.store.storedActions().map { $0.action } == ["create"])
        let show = await h.send("GET", "/v2.1/servers/\(id)")
        #expect(show.doc["server"]?["status"] == "BUILD")
    }

    @Test("schema failures are 400 in Nova's words")
    func schema() async throws {
        let h = await ControllerHarness()
        let noName = await h.send("POST", "/v2.1/servers", body: ["server": ["flavorRef": "1"]])
        #expect(noName.status == 400)
        #expect(
            noName.faultMessage
                == "Invalid input for field/attribute server. Value: {'flavorRef': '1'}. 'name' is a required property")
        let noNetworks = await h.send("POST", "/v2.1/servers", version: "2.37", body: Self.createBody(networks: nil))
        #expect(noNetworks.status == 400)
        #expect(noNetworks.faultMessage?.hasSuffix("'networks' is a required property") == true)
        let noneTooEarly = await h.send("POST", "/v2.1/servers", version: "2.36", body: Self.createBody())
        #expect(noneTooEarly.status == 400)
        let extra = await h.send("POST", "/v2.1/servers", version: "2.37", body: Self.createBody(extra: ["bogus": 1]))
        #expect(extra.faultMessage?.contains("Additional properties are not allowed ('bogus' was unexpected)") == true)
        let badData = await h.send(
            "POST", "/v2.1/servers", version: "2.37", body: Self.createBody(extra: ["user_data": "***"]))
        #expect(
            badData.faultMessage == "Invalid input for field/attribute user_data. Value: ***. '***' is not a 'base64'")
        let malformed = await h.send("POST", "/v2.1/servers", rawBody: "{not json")
        #expect(malformed.status == 400)
        #expect(malformed.faultMessage == "Malformed request body")
    }

    @Test("unknown flavor, image, key pair and zone are 400s as Nova words them")
    func references() async throws {
        let h = await ControllerHarness()
        let cases: [(JSONValue, String)] = [
            (Self.createBody(flavor: "99"), "Invalid flavorRef provided."),
            (Self.createBody(image: "not-a-uuid"), "Invalid imageRef provided."),
            (Self.createBody(image: "11111111-2222-3333-4444-555555555555"), "Can not find requested image"),
            (Self.createBody(extra: ["key_name": "nokey"]), "Invalid key_name provided."),
            (Self.createBody(extra: ["availability_zone": "mars"]), "The requested availability zone is not available"),
            (Self.createBody(extra: ["min_count": 3, "max_count": 2]), "min_count must be <= max_count"),
            (
                Self.createBody(networks: [["uuid": "11111111-2222-3333-4444-555555555555"]]),
                "Network 11111111-2222-3333-4444-555555555555 could not be found."
            ),
        ]
        for (body, message) in cases {
            let r = await h.send("POST", "/v2.1/servers", version: "2.37", body: body)
            #expect(r.status == 400, "\(message)")
            #expect(r.faultMessage == message)
        }
        #expect(h.actions.calls.isEmpty)
    }

    @Test("forcing a host through the zone is for admins only")
    func forcedHost() async throws {
        let h = await ControllerHarness()
        let member = await h.send(
            "POST", "/v2.1/servers", version: "2.37",
            body: Self.createBody(extra: ["availability_zone": "nova:compute2"]))
        #expect(member.status == 403)
        let admin = await h.send(
            "POST", "/v2.1/servers", token: "admin:admin", version: "2.37",
            body: Self.createBody(extra: ["availability_zone": "nova:compute2"]))
        #expect(admin.status == 202)
        #expect(h.actions.lastSpecs.first?.forceHosts == ["compute2"])
    }

    @Test("multi-create names servers name-N, and answers a reservation id when asked")
    func multiCreate() async throws {
        let h = await ControllerHarness()
        let r = await h.send(
            "POST", "/v2.1/servers", version: "2.37", body: Self.createBody(extra: ["min_count": 2, "max_count": 3]))
        #expect(r.status == 202)
        let all = try await h.store.instances(InstanceQuery())
        #expect(Set(all.compactMap(\.displayName)) == ["vm-1", "vm-2", "vm-3"])
        #expect(Set(all.compactMap(\.launchIndex)) == [0, 1, 2])
        #expect(Set(all.compactMap(\.reservationID)).count == 1)
        let rid = await h.send(
            "POST", "/v2.1/servers", version: "2.37", body: Self.createBody(extra: ["return_reservation_id": true]))
        #expect(rid.doc["reservation_id"]?.stringValue?.hasPrefix("r-") == true)
        #expect(rid.doc["server"] == nil)
    }

    @Test("quota: past the instance limit is 403 with Nova's message; max_count shrinks to the headroom")
    func quota() async throws {
        var settings = ComputeSettings()
        settings.quotaDefaults["instances"] = 2
        let h = await ControllerHarness(settings: settings)
        let some = await h.send(
            "POST", "/v2.1/servers", version: "2.37", body: Self.createBody(extra: ["min_count": 1, "max_count": 5]))
        #expect(some.status == 202)
        #expect(try await h.store.instances(InstanceQuery()).count == 2)
        let over = await h.send("POST", "/v2.1/servers", version: "2.37", body: Self.createBody())
        #expect(over.status == 403)
        #expect(over.faultName == "forbidden")
        #expect(over.faultMessage == "Quota exceeded for instances: Requested 1, but already used 2 of 2 instances")
    }

    @Test("quota: cores and ram are counted too")
    func quotaCores() async throws {
        var settings = ComputeSettings()
        settings.quotaDefaults["cores"] = 3
        let h = await ControllerHarness(settings: settings)
        let r = await h.send(
            "POST", "/v2.1/servers", version: "2.37", body: Self.createBody(flavor: "3", extra: ["min_count": 2]))
        #expect(r.status == 403)
        #expect(r.faultMessage == "Quota exceeded for cores: Requested 4, but already used 0 of 3 cores")
    }

    @Test("concurrent creates never pass the quota")
    func concurrentQuota() async throws {
        var settings = ComputeSettings()
        settings.quotaDefaults["instances"] = 5
        let h = await ControllerHarness(settings: settings)
        let statuses = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<12 {
                group.addTask { await h.send("POST", "/v2.1/servers", version: "2.37", body: Self.createBody()).status }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 202 }.count == 5)
        #expect(statuses.filter { $0 == 403 }.count == 7)
        #expect(try await h.store.instances(InstanceQuery()).count == 5)
    }

    @Test("metadata beyond metadata_items is 403")
    func metadataQuota() async throws {
        var settings = ComputeSettings()
        settings.quotaDefaults["metadata_items"] = 1
        let h = await ControllerHarness(settings: settings)
        let r = await h.send(
            "POST", "/v2.1/servers", version: "2.37", body: Self.createBody(extra: ["metadata": ["a": "1", "b": "2"]]))
        #expect(r.status == 403)
        #expect(r.faultMessage == "Maximum number of metadata items exceeds 1")
    }

    @Test("update renames and answers the server; description from 2.19")
    func update() async throws {
        let h = await ControllerHarness()
        let s = await h.addServer(name: "old")
        let r = await h.send("PUT", "/v2.1/servers/\(s.uuid)", body: ["server": ["name": "new"]])
        #expect(r.status == 200)
        #expect(r.doc["server"]?["name"] == "new")
        #expect(r.doc["server"]?["OS-EXT-STS:vm_state"] == nil)
        let early = await h.send("PUT", "/v2.1/servers/\(s.uuid)", body: ["server": ["description": "d"]])
        #expect(early.status == 400)
        let late = await h.send(
            "PUT", "/v2.1/servers/\(s.uuid)", version: "2.19", body: ["server": ["description": "d"]])
        #expect(late.doc["server"]?["description"] == "d")
    }

    @Test("delete casts to a live compute and marks the server deleting")
    func deleteOnLiveCompute() async throws {
        let h = await ControllerHarness()
        let s = await h.addServer()
        let r = await h.send("DELETE", "/v2.1/servers/\(s.uuid)")
        #expect(r.status == 204)
        #expect(h.actions.names == ["terminate"])
        #expect(try await h.store.instance(uuid: s.uuid, readDeleted: false).taskState == .deleting)
    }

    @Test("delete of a server never scheduled, or on a down compute, is done here and frees its allocations")
    func deleteLocally() async throws {
        let h = await ControllerHarness()
        let unscheduled = await h.addServer(host: nil, vmState: .building, taskState: .scheduling)
        #expect(await h.send("DELETE", "/v2.1/servers/\(unscheduled.uuid)").status == 204)
        var down = ControllerHarness.service("compute9", "nova-compute")
        down.lastSeenUp = ControllerHarness.now.addingTimeInterval(-3600)
        down.updatedAt = down.lastSeenUp
        await h.store.add(service: down)
        let stranded = await h.addServer(host: "compute9")
        #expect(await h.send("DELETE", "/v2.1/servers/\(stranded.uuid)").status == 204)
        #expect(h.actions.calls.isEmpty)
        #expect(await h.store.freedAllocations == [unscheduled.uuid, stranded.uuid])
        let gone = await h.send("GET", "/v2.1/servers/\(stranded.uuid)")
        #expect(gone.status == 404)
    }

    @Test("a locked server refuses a member's delete with 409 but not an admin's")
    func deleteLocked() async throws {
        let h = await ControllerHarness()
        var s = await h.addServer()
        s.locked = true
        await h.store.add(instance: s)
        let member = await h.send("DELETE", "/v2.1/servers/\(s.uuid)")
        #expect(member.status == 409)
        #expect(member.faultMessage == "Instance \(s.uuid) is locked")
        #expect(await h.admin("DELETE", "/v2.1/servers/\(s.uuid)").status == 204)
    }
}
