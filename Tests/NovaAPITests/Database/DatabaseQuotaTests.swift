import Common
import Foundation
import NovaDB
import Testing

@testable import NovaAPI

/// Quotas over the database store: refusals in Nova's words, per-user limits, and creates that race.
@Suite("Database store: quotas and limits")
struct DatabaseQuotaTests {
    @Test("limits count usage from the database")
    func limits() async throws {
        let h = try await DatabaseHarness()
        try await h.addServer(flavorID: "2")
        try await h.addServer(flavorID: "1")
        try await h.addServer(project: "other")
        let r = await h.send("GET", "/v2.1/limits")
        #expect(r.status == 200)
        #expect(Shape.differences(r.doc, try JSONValue.parse(NovaSamples.limitsMv21)) == [])
        let abs = r.doc["limits"]?["absolute"]
        #expect(abs?["totalInstancesUsed"] == 2)
        #expect(abs?["totalCoresUsed"] == 2)
        #expect(abs?["totalRAMUsed"] == 2560)
        #expect(abs?["maxTotalInstances"] == 10)
    }

    @Test(
        "quota sets: update, per-user limits, refusal at create, delete back to the defaults",
        arguments: DatabaseEngine.allCases)
    func quotaSets(engine: DatabaseEngine) async throws {
        let h = try await DatabaseHarness(engine: engine)
        try await h.addServer()
        try await h.addServer()
        let detail = await h.send("GET", "/v2.1/os-quota-sets/demo/detail")
        #expect(detail.doc["quota_set"]?["instances"] == ["limit": 10, "in_use": 2, "reserved": 0])
        let below = await h.admin("PUT", "/v2.1/os-quota-sets/demo", body: ["quota_set": ["instances": 1]])
        #expect(below.status == 400)
        let set = await h.admin("PUT", "/v2.1/os-quota-sets/demo", body: ["quota_set": ["instances": 3, "cores": 7]])
        #expect(set.status == 200)
        #expect(try await h.db.projectQuotas(projectID: "demo") == ["instances": 3, "cores": 7])
        let user = await h.admin("PUT", "/v2.1/os-quota-sets/demo?user_id=alice", body: ["quota_set": ["key_pairs": 4]])
        #expect(user.status == 200)
        #expect(try await h.store.quotaOverrides(projectID: "demo", userID: "alice") == ["key_pairs": 4])
        let alice = await h.admin("GET", "/v2.1/os-quota-sets/demo?user_id=alice")
        #expect(alice.doc["quota_set"]?["key_pairs"] == 4)
        #expect(alice.doc["quota_set"]?["instances"] == 3)
        let boot = await h.send(
            "POST", "/v2.1/servers", version: "2.37", body: DatabaseServersTests.body(extra: ["min_count": 2]))
        #expect(boot.status == 403)
        #expect(boot.faultMessage == "Quota exceeded for instances: Requested 2, but already used 2 of 3 instances")
        #expect(await h.admin("DELETE", "/v2.1/os-quota-sets/demo").status == 202)
        #expect(await h.send("GET", "/v2.1/os-quota-sets/demo").doc["quota_set"]?["instances"] == 10)
        #expect(try await h.store.quotaOverrides(projectID: "demo", userID: "alice") == [:])
    }

    @Test("max_count shrinks to the headroom; cores are counted too")
    func headroom() async throws {
        var settings = ComputeSettings()
        settings.quotaDefaults["instances"] = 3
        settings.quotaDefaults["cores"] = 5
        let h = try await DatabaseHarness(settings: settings)
        try await h.addServer(flavorID: "3")
        let some = await h.send(
            "POST", "/v2.1/servers", version: "2.37",
            body: DatabaseServersTests.body(extra: ["min_count": 1, "max_count": 5]))
        #expect(some.status == 202)
        #expect(try await h.store.instances(InstanceQuery()).count == 3)
        let cores = await h.send("POST", "/v2.1/servers", version: "2.37", body: DatabaseServersTests.body(flavor: "3"))
        #expect(cores.status == 403)
        #expect(
            cores.faultMessage
                == "Quota exceeded for instances, cores: Requested 1, 2, but already used 3, 4 of 3, 5 instances, cores"
        )
    }

    @Test("concurrent creates never pass the instance quota", arguments: DatabaseEngine.allCases)
    func concurrentCreates(engine: DatabaseEngine) async throws {
        var settings = ComputeSettings()
        settings.quotaDefaults["instances"] = 5
        let h = try await DatabaseHarness(engine: engine, settings: settings)
        let statuses = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    await h.send("POST", "/v2.1/servers", version: "2.37", body: DatabaseServersTests.body()).status
                }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 202 }.count == 5)
        #expect(statuses.filter { $0 == 403 }.count == 7)
        #expect(try await h.store.instances(InstanceQuery()).count == 5)
    }

    @Test("concurrent key pair and server group creates never pass their quotas", arguments: DatabaseEngine.allCases)
    func concurrentCountedCreates(engine: DatabaseEngine) async throws {
        let h = try await DatabaseHarness(engine: engine)
        let keypairs = await withTaskGroup(of: Int.self) { group in
            for n in 0..<8 {
                group.addTask {
                    let kp = KeyPair(
                        storage: ObjectStorage(values: [
                            "name": .string("k\(n)"), "user_id": "u1", "public_key": "ssh-rsa AAAA", "fingerprint": "f",
                        ]))
                    do {
                        _ = try await h.store.createKeypair(kp, maxPerUser: 3)
                        return 1
                    } catch { return 0 }
                }
            }
            return await group.reduce(0, +)
        }
        #expect(keypairs == 3)
        #expect(try await h.db.keyPairCount(userID: "u1") == 3)
        let groups = await withTaskGroup(of: Int.self) { group in
            for n in 0..<8 {
                group.addTask {
                    var g = InstanceGroup()
                    g.name = "g\(n)"
                    g.projectID = "p1"
                    g.userID = "u1"
                    g.policy = "anti-affinity"
                    do {
                        _ = try await h.store.createServerGroup(g, maxPerProject: 2)
                        return 1
                    } catch let e as ComputeError {
                        return e.is("OverQuota") ? 0 : 100
                    } catch { return 100 }
                }
            }
            return await group.reduce(0, +)
        }
        #expect(groups == 2)
    }

    @Test("a full server group refuses the create; members are recorded with the servers")
    func groupMembers() async throws {
        var settings = ComputeSettings()
        settings.quotaDefaults["server_group_members"] = 2
        let h = try await DatabaseHarness(settings: settings)
        let g = await h.send(
            "POST", "/v2.1/os-server-groups", version: "2.64",
            body: ["server_group": ["name": "g", "policy": "anti-affinity"]])
        let gid = try #require(g.doc["server_group"]?["id"]?.stringValue)
        let hints: JSONValue = ["group": .string(gid)]
        let two = await h.send(
            "POST", "/v2.1/servers", version: "2.37",
            body: [
                "server": [
                    "name": "m", "flavorRef": "1", "imageRef": .string(ControllerHarness.imageID),
                    "networks": "none", "min_count": 2,
                ],
                "os:scheduler_hints": hints,
            ])
        #expect(two.status == 202)
        #expect(try await h.db.instanceGroup(uuid: gid).members?.count == 2)
        let third = await h.send(
            "POST", "/v2.1/servers", version: "2.37",
            body: [
                "server": [
                    "name": "m", "flavorRef": "1", "imageRef": .string(ControllerHarness.imageID),
                    "networks": "none",
                ],
                "os:scheduler_hints": hints,
            ])
        #expect(third.status == 403)
        #expect(third.faultMessage == "Quota exceeded, too many servers in group")
    }
}
