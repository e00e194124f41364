/// Passes every host (nova/scheduler/filters/all_hosts_filter.py).
public struct AllHostsFilter: HostFilter {
    public static let name = "AllHostsFilter"
    public init() {}
    public func applies(to request: HostRequest) -> Bool { false }
    public func hostPasses(_ host: HostState, _ request: HostRequest) -> Bool { true }
}
