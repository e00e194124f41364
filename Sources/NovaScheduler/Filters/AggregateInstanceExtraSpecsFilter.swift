/// Passes hosts whose aggregates' metadata satisfies the flavor's extra specs: unscoped keys and keys in
/// the `aggregate_instance_extra_specs:` scope must be present in the metadata, with a value matching the
/// extra-spec operators (nova/scheduler/filters/aggregate_instance_extra_specs.py).
public struct AggregateInstanceExtraSpecsFilter: HostFilter {
    public static let name = "AggregateInstanceExtraSpecsFilter"
    static let scope = "aggregate_instance_extra_specs"
    public init() {}

    public func applies(to request: HostRequest) -> Bool { !request.extraSpecs.isEmpty }

    public func hostPasses(_ host: HostState, _ request: HostRequest) -> Bool {
        for (rawKey, wanted) in request.extraSpecs {
            let parts = rawKey.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let key: String
            if parts.count > 1 {
                guard parts[0] == Self.scope else { continue }
                key = String(parts[1])
            } else {
                key = rawKey
            }
            guard let values = host.aggregates.metadata[key], !values.isEmpty,
                  values.contains(where: { ExtraSpecsOps.match($0, wanted) })
            else { return false }
        }
        return true
    }

    public func passing(_ candidates: [Int], of hosts: [HostState], _ request: HostRequest) -> [Int] {
        AggregateMemo.passing(candidates, of: hosts) { hostPasses($0, request) }
    }
}
