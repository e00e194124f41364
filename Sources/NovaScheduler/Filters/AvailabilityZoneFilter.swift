/// Passes hosts in the requested availability zone: the `availability_zone` metadata of their aggregates,
/// or `default_availability_zone` for hosts in no zone. A comma-separated request matches any of its
/// zones (nova/scheduler/filters/availability_zone_filter.py).
public struct AvailabilityZoneFilter: HostFilter {
    public static let name = "AvailabilityZoneFilter"
    public init() {}

    public func applies(to request: HostRequest) -> Bool { request.availabilityZone != nil }

    public func hostPasses(_ host: HostState, _ request: HostRequest) -> Bool {
        guard request.availabilityZone != nil else { return true }
        let zones = host.aggregates.availabilityZones
        if zones.isEmpty { return request.requestedZones.contains(request.settings.defaultAvailabilityZone) }
        return !zones.isDisjoint(with: request.requestedZones)
    }

    public func passing(_ candidates: [Int], of hosts: [HostState], _ request: HostRequest) -> [Int] {
        AggregateMemo.passing(candidates, of: hosts) { hostPasses($0, request) }
    }
}
