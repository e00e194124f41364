import Common
import Foundation
import NovaDB
import Testing

@testable import NovaAPI

/// Hypervisors, services, aggregates, server groups, migrations and instance actions over the
/// database store.
@Suite("Database store: hypervisors, services, aggregates, groups, actions")
struct DatabaseCloudTests {
    @Test(
        "hypervisors: detail matches Nova's sample; show, statistics, search, pattern, paging by id and uuid",
        arguments: DatabaseEngine.allCases)
    func hypervisors(engine: DatabaseEngine) async throws {
        let h = try await DatabaseHarness(engine: engine)
        let detail = await h.admin("GET", "/v2.1/os-hypervisors/detail")
        #expect(Shape.differences(detail.doc, try JSONValue.parse(NovaSamples.osHypervisorsDetailMv21)) == [])
        #expect(detail.doc["hypervisors"]?.arrayValue?.first?["state"] == "up")
        let list = await h.admin("GET", "/v2.1/os-hypervisors")
        let ids = (list.doc["hypervisors"]?.arrayValue ?? []).compactMap { $0["id"]?.intValue }
        #expect(ids.count == 3)
        #expect(
            await h.admin("GET", "/v2.1/os-hypervisors/\(ids[0])").doc["hypervisor"]?["hypervisor_hostname"]
                == "compute1")
        #expect(await h.admin("GET", "/v2.1/os-hypervisors/999").status == 404)
        let stats = await h.admin("GET", "/v2.1/os-hypervisors/statistics")
        #expect(stats.doc["hypervisor_statistics"]?["count"] == 3)
        #expect(await h.admin("GET", "/v2.1/os-hypervisors/compute/search").doc["hypervisors"]?.arrayValue?.count == 3)
        #expect(await h.admin("GET", "/v2.1/os-hypervisors/nothing/search").status == 404)
        let server = try await h.addServer(project: "admin", host: "compute2")
        let pattern = await h.admin(
            "GET", "/v2.1/os-hypervisors?hypervisor_hostname_pattern=compute2&with_servers=true", version: "2.53")
        let node = pattern.doc["hypervisors"]?.arrayValue ?? []
        #expect(node.count == 1)
        #expect(node.first?["servers"]?.arrayValue?.first?["uuid"] == .string(server.uuid))
        let page = await h.admin("GET", "/v2.1/os-hypervisors?limit=2", version: "2.33")
        #expect((page.doc["hypervisors"]?.arrayValue ?? []).compactMap { $0["id"]?.intValue } == Array(ids.prefix(2)))
        let next = await h.admin("GET", "/v2.1/os-hypervisors?marker=\(ids[1])", version: "2.33")
        #expect((next.doc["hypervisors"]?.arrayValue ?? []).compactMap { $0["id"]?.intValue } == [ids[2]])
        let uuids = await h.admin("GET", "/v2.1/os-hypervisors?limit=1", version: "2.53")
        let first = try #require(uuids.doc["hypervisors"]?.arrayValue?.first?["id"]?.stringValue)
        let afterUUID = await h.admin("GET", "/v2.1/os-hypervisors?marker=\(first)", version: "2.53")
        #expect(afterUUID.doc["hypervisors"]?.arrayValue?.count == 2)
        let bad = await h.admin("GET", "/v2.1/os-hypervisors?marker=\(UUID().uuidString.lowercased())", version: "2.53")
        #expect(bad.status == 400)
    }

    @Test(
        "services: list matches Nova's sample, a stale heartbeat is down; disable; delete by uuid (409 while hosting)",
        arguments: DatabaseEngine.allCases)
    func services(engine: DatabaseEngine) async throws {
        let h = try await DatabaseHarness(engine: engine)
        let stale = try await h.db.reportService(Service(host: "compute9", binary: "nova-compute", topic: "compute"))
        _ = try await h.db.saveService(
            id: stale.id, changes: ["last_seen_up": .string(NovaTime.format(Date().addingTimeInterval(-3600)))])
        let r = await h.admin("GET", "/v2.1/os-services")
        #expect(Shape.differences(r.doc, try JSONValue.parse(NovaSamples.osServicesMv21)) == [])
        let all = r.doc["services"]?.arrayValue ?? []
        #expect(all.first { $0["host"] == "compute9" }?["state"] == "down")
        #expect(all.first { $0["host"] == "compute1" }?["state"] == "up")
        #expect(all.first { $0["binary"] == "nova-conductor" }?["zone"] == "internal")
        let filtered = await h.admin("GET", "/v2.1/os-services?binary=nova-compute&host=compute2", version: "2.53")
        let id = try #require(filtered.doc["services"]?.arrayValue?.first?["id"]?.stringValue)
        let off = await h.admin(
            "PUT", "/v2.1/os-services/\(id)", version: "2.53",
            body: ["status": "disabled", "disabled_reason": "bad disk"])
        #expect(off.doc["service"]?["status"] == "disabled")
        #expect(off.doc["service"]?["disabled_reason"] == "bad disk")
        let disabled = await h.admin(
            "PUT", "/v2.1/os-services/disable", body: ["host": "compute1", "binary": "nova-compute"])
        #expect(disabled.doc["service"]?["status"] == "disabled")
        _ = await h.admin("POST", "/v2.1/os-aggregates", body: ["aggregate": ["name": "r"]])
        let agg = try #require(try await h.db.aggregates().first)
        _ = try await h.db.addAggregateHost(id: agg.id, host: "compute2")
        let s = try await h.addServer(project: "admin", host: "compute2")
        let busy = await h.admin("DELETE", "/v2.1/os-services/\(id)", version: "2.53")
        #expect(busy.status == 409)
        #expect(
            busy.faultMessage
                == "Unable to delete compute service that is hosting instances. Migrate or delete the instances first.")
        _ = try await h.store.destroyInstance(uuid: s.uuid)
        #expect(await h.admin("DELETE", "/v2.1/os-services/\(id)", version: "2.53").status == 204)
        #expect(await h.admin("DELETE", "/v2.1/os-services/\(id)", version: "2.53").status == 404)
        #expect(try await h.db.aggregate(id: agg.id).hosts == [])
        #expect(try await h.db.computeNodes(host: "compute2").isEmpty)
    }

    @Test("aggregates: create with a zone, add host, metadata, rename, remove host, delete, with Nova's errors")
    func aggregates() async throws {
        let h = try await DatabaseHarness()
        let created = await h.admin(
            "POST", "/v2.1/os-aggregates", body: ["aggregate": ["name": "rack1", "availability_zone": "az1"]])
        #expect(created.status == 200)
        let id = try #require(created.doc["aggregate"]?["id"]?.intValue)
        let dup = await h.admin("POST", "/v2.1/os-aggregates", body: ["aggregate": ["name": "rack1"]])
        #expect(dup.status == 409)
        #expect(dup.faultMessage == "Aggregate rack1 already exists.")
        let added = await h.admin("POST", "/v2.1/os-aggregates/\(id)/action", body: ["add_host": ["host": "compute1"]])
        #expect(added.doc["aggregate"]?["hosts"] == ["compute1"])
        #expect(added.doc["aggregate"]?["metadata"] == ["availability_zone": "az1"])
        let again = await h.admin("POST", "/v2.1/os-aggregates/\(id)/action", body: ["add_host": ["host": "compute1"]])
        #expect(again.faultMessage == "Aggregate \(id) already has host compute1.")
        #expect(
            await h.admin("GET", "/v2.1/os-services?host=compute1").doc["services"]?.arrayValue?.first?["zone"] == "az1"
        )
        let meta = await h.admin(
            "POST", "/v2.1/os-aggregates/\(id)/action", body: ["set_metadata": ["metadata": ["ssd": "true"]]])
        #expect(meta.doc["aggregate"]?["metadata"] == ["availability_zone": "az1", "ssd": "true"])
        let unset = await h.admin(
            "POST", "/v2.1/os-aggregates/\(id)/action", body: ["set_metadata": ["metadata": ["ssd": nil]]])
        #expect(unset.doc["aggregate"]?["metadata"] == ["availability_zone": "az1"])
        let renamed = await h.admin("PUT", "/v2.1/os-aggregates/\(id)", body: ["aggregate": ["name": "rack-one"]])
        #expect(renamed.doc["aggregate"]?["name"] == "rack-one")
        let zoned = await h.admin("PUT", "/v2.1/os-aggregates/\(id)", body: ["aggregate": ["availability_zone": "az2"]])
        #expect(zoned.doc["aggregate"]?["availability_zone"] == "az2")
        #expect(await h.admin("DELETE", "/v2.1/os-aggregates/\(id)").status == 400)
        let removed = await h.admin(
            "POST", "/v2.1/os-aggregates/\(id)/action", body: ["remove_host": ["host": "compute1"]])
        #expect(removed.doc["aggregate"]?["hosts"] == [])
        let notThere = await h.admin(
            "POST", "/v2.1/os-aggregates/\(id)/action", body: ["remove_host": ["host": "compute1"]])
        #expect(notThere.status == 404)
        #expect(await h.admin("DELETE", "/v2.1/os-aggregates/\(id)").status == 200)
        #expect(await h.admin("GET", "/v2.1/os-aggregates/\(id)").status == 404)
    }

    @Test("server groups: create, show with members, list per project, delete; the groups quota")
    func serverGroups() async throws {
        var settings = ComputeSettings()
        settings.quotaDefaults["server_groups"] = 2
        let h = try await DatabaseHarness(settings: settings)
        let made = await h.send(
            "POST", "/v2.1/os-server-groups", body: ["server_group": ["name": "g", "policies": ["anti-affinity"]]])
        #expect(made.status == 200)
        let id = try #require(made.doc["server_group"]?["id"]?.stringValue)
        let rules = await h.send(
            "POST", "/v2.1/os-server-groups", version: "2.64",
            body: ["server_group": ["name": "n", "policy": "anti-affinity", "rules": ["max_server_per_host": 2]]])
        #expect(rules.doc["server_group"]?["rules"] == ["max_server_per_host": 2])
        let third = await h.send(
            "POST", "/v2.1/os-server-groups", body: ["server_group": ["name": "x", "policies": ["affinity"]]])
        #expect(third.status == 403)
        #expect(third.faultMessage == "Quota exceeded, too many server groups.")
        let boot = await h.send(
            "POST", "/v2.1/servers", version: "2.37",
            body: [
                "server": [
                    "name": "m", "flavorRef": "1", "imageRef": .string(ControllerHarness.imageID),
                    "networks": "none",
                ],
                "os:scheduler_hints": ["group": .string(id)],
            ])
        #expect(boot.status == 202)
        let shown = await h.send("GET", "/v2.1/os-server-groups/\(id)")
        #expect(shown.doc["server_group"]?["members"] == [boot.doc["server"]?["id"] ?? nil])
        #expect(await h.send("GET", "/v2.1/os-server-groups/\(id)", token: "eve:other").status == 404)
        #expect(await h.send("GET", "/v2.1/os-server-groups").doc["server_groups"]?.arrayValue?.count == 2)
        #expect(await h.send("GET", "/v2.1/os-server-groups", token: "eve:other").doc["server_groups"] == [])
        #expect(await h.send("DELETE", "/v2.1/os-server-groups/\(id)").status == 204)
        let gone = await h.send("GET", "/v2.1/os-server-groups/\(id)")
        #expect(gone.faultMessage == "Instance group \(id) could not be found.")
    }

    @Test("instance actions: newest first with events (newest first), deleted servers from 2.21, paging from 2.58")
    func instanceActions() async throws {
        let h = try await DatabaseHarness()
        let s = try await h.addServer()
        _ = await h.send("POST", "/v2.1/servers/\(s.uuid)/action", body: ["os-stop": nil])
        _ = try await h.db.saveInstance(uuid: s.uuid, changes: ["task_state": .null, "vm_state": "stopped"])
        _ = await h.send("POST", "/v2.1/servers/\(s.uuid)/action", body: ["os-start": nil])
        let list = await h.send("GET", "/v2.1/servers/\(s.uuid)/os-instance-actions")
        let entries = list.doc["instanceActions"]?.arrayValue ?? []
        #expect(entries.compactMap { $0["action"]?.stringValue } == ["start", "stop"])
        let stopID = try #require(entries.last?["request_id"]?.stringValue)
        _ = try await h.db.eventStart(
            instanceUUID: s.uuid, requestID: stopID, event: "compute_stop_instance", host: "compute1")
        _ = try await h.db.eventFinish(
            instanceUUID: s.uuid, requestID: stopID, event: "compute_stop_instance",
            host: "compute1", result: "Success")
        _ = try await h.db.eventStart(
            instanceUUID: s.uuid, requestID: stopID, event: "compute_power_off", host: "compute1")
        let admin = await h.admin("GET", "/v2.1/servers/\(s.uuid)/os-instance-actions/\(stopID)")
        let events = admin.doc["instanceAction"]?["events"]?.arrayValue ?? []
        #expect(events.compactMap { $0["event"]?.stringValue } == ["compute_power_off", "compute_stop_instance"])
        #expect(events.last?["result"] == "Success")
        let missing = await h.send("GET", "/v2.1/servers/\(s.uuid)/os-instance-actions/req-nope")
        #expect(missing.faultMessage == "Action for request_id req-nope on instance \(s.uuid) not found")
        let paged = await h.send("GET", "/v2.1/servers/\(s.uuid)/os-instance-actions?limit=1", version: "2.58")
        #expect(paged.doc["instanceActions"]?.arrayValue?.first?["action"] == "start")
        #expect(paged.doc["links"]?.arrayValue?.first?["rel"] == "next")
        let marker = await h.send("GET", "/v2.1/servers/\(s.uuid)/os-instance-actions?marker=nope", version: "2.58")
        #expect(marker.faultMessage == "Marker nope could not be found.")

        let d = try await h.addServer(host: nil, vmState: .building, taskState: .scheduling)
        #expect(await h.send("DELETE", "/v2.1/servers/\(d.uuid)").status == 204)
        #expect(await h.send("GET", "/v2.1/servers/\(d.uuid)/os-instance-actions").status == 404)
        let after = await h.send("GET", "/v2.1/servers/\(d.uuid)/os-instance-actions", version: "2.21")
        #expect(after.doc["instanceActions"]?.arrayValue?.first?["action"] == "delete")
    }

    @Test("migrations: admin list newest first with status and type filters, paging by uuid")
    func migrations() async throws {
        let h = try await DatabaseHarness()
        var made: [String] = []
        for status in ["finished", "confirmed"] {
            let s = try await h.addServer(project: "admin")
            var m = Migration()
            m.set("instance_uuid", s.uuid)
            m.sourceCompute = "compute1"
            m.destCompute = "compute2"
            m.status = status
            m.migrationType = .resize
            made.append(try await h.db.createMigration(m).uuid)
        }
        #expect(await h.send("GET", "/v2.1/os-migrations").status == 403)
        let all = await h.admin("GET", "/v2.1/os-migrations")
        #expect(
            (all.doc["migrations"]?.arrayValue ?? []).compactMap { $0["status"]?.stringValue } == [
                "confirmed", "finished",
            ])
        let finished = await h.admin(
            "GET", "/v2.1/os-migrations?status=finished&migration_type=resize", version: "2.23")
        #expect(finished.doc["migrations"]?.arrayValue?.count == 1)
        let live = await h.admin("GET", "/v2.1/os-migrations?migration_type=live-migration", version: "2.23")
        #expect(live.doc["migrations"] == [])
        let paged = await h.admin("GET", "/v2.1/os-migrations?limit=1", version: "2.59")
        #expect(paged.doc["migrations"]?.arrayValue?.first?["uuid"] == .string(made[1]))
        let next = await h.admin("GET", "/v2.1/os-migrations?marker=\(made[1])", version: "2.59")
        #expect(next.doc["migrations"]?.arrayValue?.first?["uuid"] == .string(made[0]))
    }
}
