import Common
import Foundation
import Testing

@testable import NovaAPI

@Suite("Aggregates, server groups, migrations")
struct AggregatesAndGroupsTests {
    @Test("aggregate lifecycle: create, add host (zone follows), metadata, update, remove, delete")
    func aggregates() async throws {
        let h = await ControllerHarness()
        let created = await h.admin(
            "POST", "/v2.1/os-aggregates", body: ["aggregate": ["name": "rack1", "availability_zone": "az1"]])
        #expect(created.status == 200)
        #expect(
            Set(created.doc["aggregate"]?.objectValue?.keys.map { $0 } ?? []) == [
                "availability_zone", "created_at", "deleted", "deleted_at", "id", "name", "updated_at",
            ])
        let id = try #require(created.doc["aggregate"]?["id"]?.intValue)
        let dup = await h.admin("POST", "/v2.1/os-aggregates", body: ["aggregate": ["name": "rack1"]])
        #expect(dup.status == 409)
        #expect(dup.faultMessage == "Aggregate rack1 already exists.")
        let added = await h.admin("POST", "/v2.1/os-aggregates/\(id)/action", body: ["add_host": ["host": "compute1"]])
        #expect(added.doc["aggregate"]?["hosts"] == ["compute1"])
        #expect(added.doc["aggregate"]?["metadata"] == ["availability_zone": "az1"])
        let again = await h.admin("POST", "/v2.1/os-aggregates/\(id)/action", body: ["add_host": ["host": "compute1"]])
        #expect(again.status == 409)
        #expect(again.faultMessage == "Aggregate \(id) already has host compute1.")
        let nohost = await h.admin("POST", "/v2.1/os-aggregates/\(id)/action", body: ["add_host": ["host": "ghost"]])
        #expect(nohost.status == 404)
        #expect(nohost.faultMessage == "Compute host ghost could not be found.")
        let services = await h.admin("GET", "/v2.1/os-services?host=compute1")
        #expect(services.doc["services"]?.arrayValue?.first?["zone"] == "az1")
        let zones = await h.send("GET", "/v2.1/os-availability-zone")
        #expect(
            Set(zones.doc["availabilityZoneInfo"]?.arrayValue?.compactMap { $0["zoneName"]?.stringValue } ?? []) == [
                "az1", "nova",
            ])
        let meta = await h.admin(
            "POST", "/v2.1/os-aggregates/\(id)/action", body: ["set_metadata": ["metadata": ["ssd": "true"]]])
        #expect(meta.doc["aggregate"]?["metadata"] == ["availability_zone": "az1", "ssd": "true"])
        let unset = await h.admin(
            "POST", "/v2.1/os-aggregates/\(id)/action", body: ["set_metadata": ["metadata": ["ssd": nil]]])
        #expect(unset.doc["aggregate"]?["metadata"] == ["availability_zone": "az1"])
        let renamed = await h.admin("PUT", "/v2.1/os-aggregates/\(id)", body: ["aggregate": ["name": "rack-one"]])
        #expect(renamed.doc["aggregate"]?["name"] == "rack-one")
        let notEmpty = await h.admin("DELETE", "/v2.1/os-aggregates/\(id)")
        #expect(notEmpty.status == 400)
        #expect(
            notEmpty.faultMessage == "Cannot remove host from aggregate \(id). Reason: Host aggregate is not empty.")
        let removed = await h.admin(
            "POST", "/v2.1/os-aggregates/\(id)/action", body: ["remove_host": ["host": "compute1"]])
        #expect(removed.doc["aggregate"]?["hosts"] == [])
        let notThere = await h.admin(
            "POST", "/v2.1/os-aggregates/\(id)/action", body: ["remove_host": ["host": "compute1"]])
        #expect(notThere.status == 404)
        #expect(notThere.faultMessage == "Cannot remove host compute1 in aggregate \(id)")
        #expect(await h.admin("DELETE", "/v2.1/os-aggregates/\(id)").status == 200)
        #expect(await h.admin("GET", "/v2.1/os-aggregates/\(id)").status == 404)
        #expect(await h.send("GET", "/v2.1/os-aggregates").status == 403)
        let uuid = await h.admin("GET", "/v2.1/os-aggregates", version: "2.41")
        #expect(uuid.doc["aggregates"] == [])
    }

    @Test("a host cannot sit in two availability zones")
    func zoneConflict() async throws {
        let h = await ControllerHarness()
        let a = await h.admin(
            "POST", "/v2.1/os-aggregates", body: ["aggregate": ["name": "a", "availability_zone": "az1"]])
        let b = await h.admin(
            "POST", "/v2.1/os-aggregates", body: ["aggregate": ["name": "b", "availability_zone": "az2"]])
        let aid = try #require(a.doc["aggregate"]?["id"]?.intValue)
        let bid = try #require(b.doc["aggregate"]?["id"]?.intValue)
        _ = await h.admin("POST", "/v2.1/os-aggregates/\(aid)/action", body: ["add_host": ["host": "compute1"]])
        let r = await h.admin("POST", "/v2.1/os-aggregates/\(bid)/action", body: ["add_host": ["host": "compute1"]])
        #expect(r.status == 409)
        #expect(
            r.faultMessage
                == "Cannot add host to aggregate \(bid). Reason: One or more hosts already in availability zone(s) ['az1']."
        )
        let empty = await h.admin(
            "POST", "/v2.1/os-aggregates/\(aid)/action",
            body: ["set_metadata": ["metadata": ["availability_zone": nil]]])
        #expect(empty.status == 400)
    }

    @Test("server groups: create, show, list, delete; policies at 2.1, policy and rules from 2.64")
    func serverGroups() async throws {
        let h = await ControllerHarness()
        let made = await h.send(
            "POST", "/v2.1/os-server-groups", body: ["server_group": ["name": "g", "policies": ["anti-affinity"]]])
        #expect(made.status == 200)
        #expect(
            Set(made.doc["server_group"]?.objectValue?.keys.map { $0 } ?? []) == [
                "id", "name", "policies", "members", "metadata",
            ])
        let id = try #require(made.doc["server_group"]?["id"]?.stringValue)
        let soft = await h.send(
            "POST", "/v2.1/os-server-groups", body: ["server_group": ["name": "s", "policies": ["soft-affinity"]]])
        #expect(soft.status == 400)
        let twoPolicies = await h.send(
            "POST", "/v2.1/os-server-groups",
            body: ["server_group": ["name": "s", "policies": ["affinity", "anti-affinity"]]])
        #expect(twoPolicies.status == 400)
        let new = await h.send(
            "POST", "/v2.1/os-server-groups", version: "2.64",
            body: ["server_group": ["name": "n", "policy": "anti-affinity", "rules": ["max_server_per_host": 2]]])
        #expect(new.doc["server_group"]?["policy"] == "anti-affinity")
        #expect(new.doc["server_group"]?["rules"] == ["max_server_per_host": 2])
        #expect(new.doc["server_group"]?["project_id"] == "demo")
        let badRules = await h.send(
            "POST", "/v2.1/os-server-groups", version: "2.64",
            body: ["server_group": ["name": "n", "policy": "affinity", "rules": ["max_server_per_host": 2]]])
        #expect(badRules.faultMessage == "Only anti-affinity policy supports rules.")
        let boot = await h.send(
            "POST", "/v2.1/servers", version: "2.37",
            body: [
                "server": [
                    "name": "m", "flavorRef": "1", "imageRef": .string(ControllerHarness.imageID), "networks": "none",
                ],
                "os:scheduler_hints": ["group": .string(id)],
            ])
        #expect(boot.status == 202)
        #expect(h.actions.lastSpecs.first?.instanceGroup?.uuid == id)
        let shown = await h.send("GET", "/v2.1/os-server-groups/\(id)")
        #expect(shown.doc["server_group"]?["members"] == [boot.doc["server"]?["id"] ?? nil])
        #expect(await h.send("GET", "/v2.1/os-server-groups/\(id)", token: "eve:other").status == 404)
        #expect(await h.send("GET", "/v2.1/os-server-groups").doc["server_groups"]?.arrayValue?.count == 2)
        #expect(await h.send("GET", "/v2.1/os-server-groups", token: "eve:other").doc["server_groups"] == [])
        #expect(
            await h.admin("GET", "/v2.1/os-server-groups?all_projects=1").doc["server_groups"]?.arrayValue?.count == 2)
        #expect(
            await h.send("GET", "/v2.1/os-server-groups?limit=1&offset=1").doc["server_groups"]?.arrayValue?.count == 1)
        #expect(await h.send("DELETE", "/v2.1/os-server-groups/\(id)").status == 204)
        let gone = await h.send("GET", "/v2.1/os-server-groups/\(id)")
        #expect(gone.faultMessage == "Instance group \(id) could not be found.")
        let hint = await h.send(
            "POST", "/v2.1/servers", version: "2.37",
            body: [
                "server": [
                    "name": "m", "flavorRef": "1", "imageRef": .string(ControllerHarness.imageID), "networks": "none",
                ],
                "os:scheduler_hints": ["group": .string(id)],
            ])
        #expect(hint.status == 400)
    }

    @Test("server group quotas: groups per project, members per group")
    func groupQuotas() async throws {
        var settings = ComputeSettings()
        settings.quotaDefaults["server_groups"] = 1
        settings.quotaDefaults["server_group_members"] = 1
        let h = await ControllerHarness(settings: settings)
        let g = await h.send(
            "POST", "/v2.1/os-server-groups", body: ["server_group": ["name": "g", "policies": ["affinity"]]])
        let id = try #require(g.doc["server_group"]?["id"]?.stringValue)
        let second = await h.send(
            "POST", "/v2.1/os-server-groups", body: ["server_group": ["name": "h", "policies": ["affinity"]]])
        #expect(second.status == 403)
        #expect(second.faultMessage == "Quota exceeded, too many server groups.")
        let boot = await h.send(
            "POST", "/v2.1/servers", version: "2.37",
            body: [
                "server": [
                    "name": "m", "flavorRef": "1", "imageRef": .string(ControllerHarness.imageID), "networks": "none",
                    "min_count": 2,
                ],
                "os:scheduler_hints": ["group": .string(id)],
            ])
        #expect(boot.status == 403)
        #expect(boot.faultMessage == "Quota exceeded, too many servers in group")
    }

    @Test("migrations: admin list with filters; type from 2.23, uuid and paging from 2.59")
    func migrations() async throws {
        let h = await ControllerHarness()
        for (i, status) in ["finished", "confirmed"].enumerated() {
            var m = Migration()
            m.set("instance_uuid", "11111111-2222-3333-4444-55555555555\(i)")
            m.sourceCompute = "compute1"
            m.destCompute = "compute2"
            m.status = status
            m.migrationType = .resize
            m.createdAt = ControllerHarness.now.addingTimeInterval(Double(i))
            await h.store.add(migration: m)
        }
        #expect(await h.send("GET", "/v2.1/os-migrations").status == 403)
        let r = await h.admin("GET", "/v2.1/os-migrations")
        let list = r.doc["migrations"]?.arrayValue ?? []
        #expect(list.count == 2)
        #expect(list.first?["status"] == "confirmed")
        #expect(
            Set(list.first?.objectValue?.keys.map { $0 } ?? []) == [
                "id", "created_at", "updated_at", "dest_compute", "dest_host", "dest_node", "source_compute",
                "source_node",
                "instance_uuid", "new_instance_type_id", "old_instance_type_id", "status",
            ])
        let finished = await h.admin("GET", "/v2.1/os-migrations?status=finished", version: "2.23")
        #expect(finished.doc["migrations"]?.arrayValue?.count == 1)
        #expect(finished.doc["migrations"]?.arrayValue?.first?["migration_type"] == "resize")
        let paged = await h.admin("GET", "/v2.1/os-migrations?limit=1", version: "2.59")
        #expect(paged.doc["migrations"]?.arrayValue?.first?["uuid"] != nil)
        #expect(paged.doc["migrations_links"] != nil)
        let strict = await h.admin("GET", "/v2.1/os-migrations?bogus=1", version: "2.59")
        #expect(strict.status == 400)
    }
}
