/// The `different_host` hint: passes only hosts running none of the listed instances
/// (nova/scheduler/filters/affinity_filter.py DifferentHostFilter).
public struct DifferentHostFilter: HostFilter {
    public static let name = "DifferentHostFilter"
    public init() {}

    public func applies(to request: HostRequest) -> Bool { request.differentHostHosts != nil }

    public func hostPasses(_ host: HostState, _ request: HostRequest) -> Bool {
        guard let hosts = request.differentHostHosts else { return true }
        return !hosts.contains(host.host)
    }
}
