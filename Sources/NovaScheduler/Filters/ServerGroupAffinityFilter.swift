/// For a server group with the `affinity` policy: once a member is placed, only its host passes
/// (nova/scheduler/filters/affinity_filter.py ServerGroupAffinityFilter).
public struct ServerGroupAffinityFilter: HostFilter {
    public static let name = "ServerGroupAffinityFilter"
    public init() {}
    public var runsPerInstance: Bool { true }

    public func applies(to request: HostRequest) -> Bool { request.group?.policy == "affinity" }

    public func hostPasses(_ host: HostState, _ request: HostRequest) -> Bool {
        guard let g = request.group, g.policy == "affinity", !g.countByHost.isEmpty else { return true }
        return g.countByHost[host.host] != nil
    }
}
