/// The `same_host` hint: passes only hosts running one of the listed instances
/// (nova/scheduler/filters/affinity_filter.py SameHostFilter).
public struct SameHostFilter: HostFilter {
    public static let name = "SameHostFilter"
    public init() {}

    public func applies(to request: HostRequest) -> Bool { request.sameHostHosts != nil }

    public func hostPasses(_ host: HostState, _ request: HostRequest) -> Bool {
        guard let hosts = request.sameHostHosts else { return true }
        return hosts.contains(host.host)
    }
}
