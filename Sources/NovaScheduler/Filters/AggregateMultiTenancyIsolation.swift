/// Hosts in aggregates with `filter_tenant_id` metadata (also `filter_tenant_id_2`, ...; comma-separated
/// project ids) take only those projects' instances; other hosts take anyone's
/// (nova/scheduler/filters/aggregate_multitenancy_isolation.py).
public struct AggregateMultiTenancyIsolation: HostFilter {
    public static let name = "AggregateMultiTenancyIsolation"
    public init() {}

    public func hostPasses(_ host: HostState, _ request: HostRequest) -> Bool {
        guard !host.aggregates.metadata.isEmpty, let allowed = host.aggregates.values(prefix: "filter_tenant_id")
        else { return true }
        guard let project = request.projectID else { return false }
        return allowed.contains(project)
    }

    public func passing(_ candidates: [Int], of hosts: [HostState], _ request: HostRequest) -> [Int] {
        AggregateMemo.passing(candidates, of: hosts) { hostPasses($0, request) }
    }
}
