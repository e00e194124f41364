import Common
import Foundation
import Testing

@testable import NovaAPI

@Suite("Hypervisors, services, availability zones")
struct HypervisorsAndServicesTests {
    @Test("hypervisor detail at 2.1 matches Nova's sample; ids become uuids at 2.53")
    func hypervisorDetail() async throws {
        let h = await ControllerHarness()
        let r = await h.admin("GET", "/v2.1/os-hypervisors/detail")
        #expect(r.status == 200)
        #expect(Shape.differences(r.doc, try JSONValue.parse(NovaSamples.osHypervisorsDetailMv21)) == [])
        let first = r.doc["hypervisors"]?.arrayValue?.first
        #expect(first?["state"] == "up")
        #expect(first?["status"] == "enabled")
        #expect(first?["cpu_info"]?.stringValue?.hasPrefix("{") == true)
        let later = await h.admin("GET", "/v2.1/os-hypervisors/detail", version: "2.53")
        let node = later.doc["hypervisors"]?.arrayValue?.first
        #expect(node?["id"]?.stringValue?.count == 36)
        #expect(node?["service"]?["id"]?.stringValue?.count == 36)
        #expect(node?["cpu_info"]?["arch"] == "x86_64")
        // Nova's latest (2.88+) drops the resources and adds uptime; ours stops before 2.88.
        let latest = await h.admin("GET", "/v2.1/os-hypervisors/detail", version: "latest")
        let diff = Shape.differences(latest.doc, try JSONValue.parse(NovaSamples.osHypervisorsDetailMvlatest))
        let resources = [
            "cpu_info", "current_workload", "disk_available_least", "free_disk_gb", "free_ram_mb", "local_gb",
            "local_gb_used", "memory_mb", "memory_mb_used", "running_vms", "vcpus", "vcpus_used",
        ]
        #expect(
            diff == (resources.map { "hypervisors[0].\($0): unexpected" } + ["hypervisors[0].uptime: missing"]).sorted()
        )
    }

    @Test("hypervisors: members are refused; list, show, statistics, search, servers")
    func hypervisors() async throws {
        let h = await ControllerHarness()
        let member = await h.send("GET", "/v2.1/os-hypervisors")
        #expect(member.status == 403)
        #expect(member.faultMessage == "Policy doesn't allow os_compute_api:os-hypervisors:list to be performed.")
        let list = await h.admin("GET", "/v2.1/os-hypervisors")
        #expect(
            Set(list.doc["hypervisors"]?.arrayValue?.first?.objectValue?.keys.map { $0 } ?? []) == [
                "id", "hypervisor_hostname", "state", "status",
            ])
        let id = try #require(list.doc["hypervisors"]?.arrayValue?.first?["id"]?.intValue)
        let show = await h.admin("GET", "/v2.1/os-hypervisors/\(id)")
        #expect(show.doc["hypervisor"]?["hypervisor_hostname"] == "compute1")
        #expect(await h.admin("GET", "/v2.1/os-hypervisors/999").status == 404)
        let stats = await h.admin("GET", "/v2.1/os-hypervisors/statistics")
        #expect(stats.doc["hypervisor_statistics"]?["count"] == 3)
        #expect(stats.doc["hypervisor_statistics"]?["vcpus"] == 3000)
        let server = await h.addServer(project: "admin")
        let servers = await h.admin("GET", "/v2.1/os-hypervisors/compute1/servers")
        #expect(
            servers.doc["hypervisors"]?.arrayValue?.first?["servers"] == [
                ["name": .string(server.name), "uuid": .string(server.uuid)]
            ])
        let search = await h.admin("GET", "/v2.1/os-hypervisors/compute/search")
        #expect(search.doc["hypervisors"]?.arrayValue?.count == 3)
        let none = await h.admin("GET", "/v2.1/os-hypervisors/nothing/search")
        #expect(none.status == 404)
        #expect(none.faultMessage == "No hypervisor matching 'nothing' could be found.")
        let pattern = await h.admin(
            "GET", "/v2.1/os-hypervisors?hypervisor_hostname_pattern=compute1&with_servers=true", version: "2.53")
        #expect(pattern.doc["hypervisors"]?.arrayValue?.count == 1)
        #expect(pattern.doc["hypervisors"]?.arrayValue?.first?["servers"]?.arrayValue?.count == 1)
        let paged = await h.admin("GET", "/v2.1/os-hypervisors?limit=2", version: "2.33")
        #expect(paged.doc["hypervisors"]?.arrayValue?.count == 2)
        #expect(paged.doc["hypervisors_links"] != nil)
        let both = await h.admin("GET", "/v2.1/os-hypervisors?hypervisor_hostname_pattern=c&limit=1", version: "2.53")
        #expect(both.status == 400)
    }

    @Test("services at 2.1 match Nova's sample; a stale heartbeat is down")
    func services() async throws {
        let h = await ControllerHarness()
        var stale = ControllerHarness.service("compute9", "nova-compute")
        stale.updatedAt = ControllerHarness.now.addingTimeInterval(-120)
        stale.lastSeenUp = stale.updatedAt
        await h.store.add(service: stale)
        let r = await h.admin("GET", "/v2.1/os-services")
        #expect(Shape.differences(r.doc, try JSONValue.parse(NovaSamples.osServicesMv21)) == [])
        let all = r.doc["services"]?.arrayValue ?? []
        #expect(all.first { $0["host"] == "compute9" }?["state"] == "down")
        #expect(all.first { $0["binary"] == "nova-conductor" }?["zone"] == "internal")
        #expect(all.first { $0["host"] == "compute1" }?["zone"] == "nova")
        let filtered = await h.admin("GET", "/v2.1/os-services?binary=nova-compute&host=compute2")
        #expect(filtered.doc["services"]?.arrayValue?.count == 1)
        let forced = await h.admin("GET", "/v2.1/os-services", version: "2.11")
        #expect(forced.doc["services"]?.arrayValue?.first?["forced_down"] == false)
    }

    @Test("services up to 2.52: enable, disable, disable-log-reason, force-down by host and binary")
    func serviceActions() async throws {
        let h = await ControllerHarness()
        let off = await h.admin(
            "PUT", "/v2.1/os-services/disable-log-reason",
            body: ["host": "compute1", "binary": "nova-compute", "disabled_reason": "maintenance"])
        #expect(off.status == 200)
        #expect(
            off.doc == [
                "service": [
                    "host": "compute1", "binary": "nova-compute", "status": "disabled",
                    "disabled_reason": "maintenance",
                ]
            ])
        let list = await h.admin("GET", "/v2.1/os-services?host=compute1")
        #expect(list.doc["services"]?.arrayValue?.first?["status"] == "disabled")
        #expect(list.doc["services"]?.arrayValue?.first?["disabled_reason"] == "maintenance")
        let on = await h.admin("PUT", "/v2.1/os-services/enable", body: ["host": "compute1", "binary": "nova-compute"])
        #expect(on.doc == ["service": ["host": "compute1", "binary": "nova-compute", "status": "enabled"]])
        let down = await h.admin(
            "PUT", "/v2.1/os-services/force-down", version: "2.11",
            body: ["host": "compute1", "binary": "nova-compute", "forced_down": true])
        #expect(down.doc == ["service": ["host": "compute1", "binary": "nova-compute", "forced_down": true]])
        let unknown = await h.admin(
            "PUT", "/v2.1/os-services/reboot", body: ["host": "compute1", "binary": "nova-compute"])
        #expect(unknown.status == 404)
        #expect(unknown.faultMessage == "Unknown action")
        let missing = await h.admin(
            "PUT", "/v2.1/os-services/disable", body: ["host": "nohost", "binary": "nova-compute"])
        #expect(missing.status == 404)
        #expect(missing.faultMessage == "Could not find binary nova-compute on host nohost.")
        let scheduler = await h.admin(
            "PUT", "/v2.1/os-services/disable", body: ["host": "controller", "binary": "nova-scheduler"])
        #expect(
            scheduler.faultMessage
                == "Updating a nova-scheduler service is not supported. Only nova-compute services can be updated.")
    }

    @Test("services from 2.53: update and delete by uuid")
    func serviceByID() async throws {
        let h = await ControllerHarness()
        let list = await h.admin("GET", "/v2.1/os-services?host=compute2", version: "2.53")
        let id = try #require(list.doc["services"]?.arrayValue?.first?["id"]?.stringValue)
        let r = await h.admin(
            "PUT", "/v2.1/os-services/\(id)", version: "2.53",
            body: ["status": "disabled", "disabled_reason": "bad disk"])
        #expect(r.status == 200)
        #expect(r.doc["service"]?["status"] == "disabled")
        #expect(r.doc["service"]?["forced_down"] == false)
        #expect(r.doc["service"]?["id"] == .string(id))
        let empty = await h.admin("PUT", "/v2.1/os-services/\(id)", version: "2.53", body: [:])
        #expect(
            empty.faultMessage == "No updates were requested. Fields 'status' or 'forced_down' should be specified.")
        let reasonOnly = await h.admin(
            "PUT", "/v2.1/os-services/\(id)", version: "2.53", body: ["disabled_reason": "x"])
        #expect(reasonOnly.status == 400)
        let bad = await h.admin("PUT", "/v2.1/os-services/not-a-uuid", version: "2.53", body: ["status": "enabled"])
        #expect(bad.faultMessage == "Invalid uuid not-a-uuid")
        let s = await h.addServer(project: "admin", host: "compute2")
        let busy = await h.admin("DELETE", "/v2.1/os-services/\(id)", version: "2.53")
        #expect(busy.status == 409)
        #expect(
            busy.faultMessage
                == "Unable to delete compute service that is hosting instances. Migrate or delete the instances first.")
        _ = try await h.store.destroyInstance(uuid: s.uuid)
        #expect(await h.admin("DELETE", "/v2.1/os-services/\(id)", version: "2.53").status == 204)
        #expect(await h.admin("DELETE", "/v2.1/os-services/\(id)", version: "2.53").status == 404)
        #expect(
            await h.admin("DELETE", "/v2.1/os-services/abc").faultMessage
                == "Invalid input received: id must be an integer")
    }

    @Test("availability zones: nova for everyone; detail with hosts and the internal zone for admins")
    func zones() async throws {
        let h = await ControllerHarness()
        let r = await h.send("GET", "/v2.1/os-availability-zone")
        #expect(
            r.doc == ["availabilityZoneInfo": [["zoneName": "nova", "zoneState": ["available": true], "hosts": nil]]])
        #expect(await h.send("GET", "/v2.1/os-availability-zone/detail").status == 403)
        let detail = await h.admin("GET", "/v2.1/os-availability-zone/detail")
        let zones = detail.doc["availabilityZoneInfo"]?.arrayValue ?? []
        #expect(zones.compactMap { $0["zoneName"]?.stringValue } == ["internal", "nova"])
        let controller = zones.first?["hosts"]?["controller"]
        #expect(controller?["nova-conductor"]?["available"] == true)
        #expect(controller?["nova-conductor"]?["active"] == true)
        #expect(zones.last?["hosts"]?.objectValue?.count == 3)
    }
}
