import Common

/// Hypervisors as Nova's `hypervisors.py` shows them: ids (uuids from 2.53), state from the compute
/// service's heartbeat, resources until 2.88, `cpu_info` as an object from 2.28.
struct HypervisorViewBuilder {
    let req: APIRequest
    let settings: ComputeSettings

    var uuids: Bool { req.microversion >= "2.53" }

    func view(_ n: ComputeNode, service: Service, detail: Bool, servers: [Instance]? = nil) -> JSONValue {
        var o: [String: JSONValue] = [
            "id": uuids ? .string(n.uuid) : .int(n.id), "hypervisor_hostname": .from(n.hypervisorHostname),
            "state": .string(settings.isUp(service) ? "up" : "down"),
            "status": .string(service.disabled ? "disabled" : "enabled"),
        ]
        if detail {
            o["hypervisor_type"] = .string(n.hypervisorType)
            o["hypervisor_version"] = .int(n.hypervisorVersion)
            o["host_ip"] = .from(n.hostIP)
            o["service"] = [
                "id": uuids ? .string(service.uuid) : .int(service.id), "host": .from(n.host),
                "disabled_reason": .from(service.disabledReason),
            ]
            if req.microversion < "2.88" { resources(n, into: &o) } else { o["uptime"] = .null }
        }
        if let servers, !servers.isEmpty {
            o["servers"] = .array(servers.map { ["name": .string($0.name), "uuid": .string($0.uuid)] })
        } else if servers != nil && req.microversion >= "2.75" {
            o["servers"] = []
        }
        return .object(o)
    }

    func resources(_ n: ComputeNode, into o: inout [String: JSONValue]) {
        o["vcpus"] = .int(n.vcpus)
        o["memory_mb"] = .int(n.memoryMB)
        o["local_gb"] = .int(n.localGB)
        o["vcpus_used"] = .int(n.vcpusUsed)
        o["memory_mb_used"] = .int(n.memoryMBUsed)
        o["local_gb_used"] = .int(n.localGBUsed)
        o["free_ram_mb"] = .from(n.freeRamMB)
        o["free_disk_gb"] = .from(n.freeDiskGB)
        o["current_workload"] = .from(n.currentWorkload)
        o["running_vms"] = .from(n.runningVMs)
        o["disk_available_least"] = .from(n.diskAvailableLeast)
        if req.microversion >= "2.28" {
            o["cpu_info"] = n.cpuInfo.flatMap { try? JSONValue.parse($0) } ?? [:]
        } else {
            o["cpu_info"] = .from(n.cpuInfo)
        }
    }
}

/// Services as `os-services` shows them (Nova's `_get_service_detail`).
struct ServiceViewBuilder {
    let req: APIRequest
    let settings: ComputeSettings
    let zones: ZoneMap

    func view(_ s: Service) -> JSONValue {
        var o: [String: JSONValue] = [
            "binary": .from(s.binary), "host": .from(s.host),
            "id": req.microversion >= "2.53" ? .string(s.uuid) : .int(s.id), "zone": .string(zones.zone(of: s)),
            "status": .string(s.disabled ? "disabled" : "enabled"), "state": .string(settings.isUp(s) ? "up" : "down"),
            "updated_at": .from(s.updatedAt.map { NovaTime.format($0, .isoMicroseconds) }),
            "disabled_reason": .from(s.disabledReason),
        ]
        if req.microversion >= "2.11" { o["forced_down"] = .bool(s.forcedDown) }
        return .object(o)
    }
}
