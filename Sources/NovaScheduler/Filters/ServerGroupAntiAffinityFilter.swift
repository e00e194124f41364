/// For a server group with the `anti-affinity` policy: passes hosts holding fewer members than the
/// group's `max_server_per_host` rule (1 by default). The host the instance already runs on passes, so a
/// move may consider it (nova/scheduler/filters/affinity_filter.py ServerGroupAntiAffinityFilter).
public struct ServerGroupAntiAffinityFilter: HostFilter {
    public static let name = "ServerGroupAntiAffinityFilter"
    public init() {}
    public var runsPerInstance: Bool { true }

    public func applies(to request: HostRequest) -> Bool { request.group?.policy == "anti-affinity" }

    public func hostPasses(_ host: HostState, _ request: HostRequest) -> Bool {
        guard let g = request.group, g.policy == "anti-affinity" else { return true }
        if g.memberHosts[request.instanceUUID] == host.host { return true }
        return (g.countByHost[host.host] ?? 0) < g.maxServerPerHost
    }
}
