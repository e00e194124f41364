import Common

/// Passes hosts whose capabilities satisfy the flavor's extra specs: keys without a scope that name a
/// host attribute or stat, and keys in the `capabilities:` scope (`capabilities:cpu_info:arch`), each
/// matched with the extra-spec operators (nova/scheduler/filters/compute_capabilities_filter.py).
public struct ComputeCapabilitiesFilter: HostFilter {
    public static let name = "ComputeCapabilitiesFilter"
    public init() {}

    public func applies(to request: HostRequest) -> Bool { !request.extraSpecs.isEmpty }

    public func hostPasses(_ host: HostState, _ request: HostRequest) -> Bool {
        for (key, wanted) in request.extraSpecs {
            var path = key.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            if path.count == 1 {
                // An unscoped key counts only when the host has such an attribute or stat.
                guard Self.attribute(path[0], of: host) != nil || host.stats[path[0]] != nil else { continue }
            } else {
                guard path[0] == "capabilities" else { continue }
                path.removeFirst()
            }
            guard let have = Self.capability(path, of: host), ExtraSpecsOps.match(have, wanted) else { return false }
        }
        return true
    }

    /// Walks `path` from the host: an attribute or stat first, then keys inside JSON values (cpu_info).
    static func capability(_ path: [String], of host: HostState) -> String? {
        guard let first = path.first else { return nil }
        var value: JSONValue
        if let a = attribute(first, of: host) {
            value = a
        } else if let s = host.stats[first] {
            value = .string(s)
        } else {
            return nil
        }
        for key in path.dropFirst() {
            if case .string(let text) = value {
                guard let parsed = try? JSONValue.parse(text) else { return nil }
                value = parsed
            }
            guard let next = value[key] else { return nil }
            value = next
        }
        return render(value)
    }

    /// The host attributes Nova's HostState exposes that make sense here.
    static func attribute(_ name: String, of h: HostState) -> JSONValue? {
        switch name {
        case "host": .string(h.host)
        case "nodename", "hypervisor_hostname": .string(h.nodename)
        case "uuid": .string(h.nodeUUID)
        case "hypervisor_type": .string(h.hypervisorType)
        case "hypervisor_version": .int(h.hypervisorVersion)
        case "host_ip": h.hostIP.map { .string($0) }
        case "cpu_info": h.cpuInfo
        case "vcpus_total": .int(h.total.vcpus)
        case "vcpus_used": .int(h.used.vcpus)
        case "free_ram_mb": .int(h.freeRAMMB)
        case "total_usable_ram_mb": .int(h.total.memoryMB)
        case "free_disk_mb": .int(h.freeDiskMB)
        case "total_usable_disk_gb": .int(h.total.diskGB)
        case "num_instances": .int(h.numInstances)
        case "num_io_ops": .int(h.numIOOps)
        case "failed_builds": .int(h.failedBuilds)
        case "cpu_allocation_ratio": .double(h.cpuAllocationRatio)
        case "ram_allocation_ratio": .double(h.ramAllocationRatio)
        case "disk_allocation_ratio": .double(h.diskAllocationRatio)
        default: nil
        }
    }

    /// A value as Python's str() shows it, which is what the operators compare.
    static func render(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): s
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .bool(let b): b ? "True" : "False"
        case .null: "None"
        default: v.serialized()
        }
    }
}
