import Common

/// The resource check every request gets, after the enabled filters (placement's job in Nova): the
/// instance's VCPU, MEMORY_MB and DISK_GB must fit in what the node has left, capacity being
/// floor(total × allocation_ratio) − reserved, the rule claims are checked against.
public enum ResourceFit {
    /// The first class that does not fit, or nil when all do.
    public static func shortfall(_ host: HostState, _ want: Resources) -> ResourceClass? {
        if want.vcpus > 0, host.used.vcpus + want.vcpus > host.capacity.vcpus { return .vcpu }
        if want.memoryMB > 0, host.used.memoryMB + want.memoryMB > host.capacity.memoryMB { return .memoryMB }
        if want.diskGB > 0, host.used.diskGB + want.diskGB > host.capacity.diskGB { return .diskGB }
        return nil
    }

    /// How the NoValidHost reason names a class.
    public static func label(_ rc: ResourceClass) -> String {
        switch rc {
        case .vcpu: "resources (VCPU)"
        case .memoryMB: "resources (RAM)"
        case .diskGB: "resources (disk)"
        }
    }
}
