import Common
import Foundation

/// The filters nova-scheduler knows, by name.
public enum FilterRegistry {
    public static let known: [any HostFilter] = [
        AllHostsFilter(), ComputeFilter(), AvailabilityZoneFilter(), ComputeCapabilitiesFilter(),
        ImagePropertiesFilter(), ServerGroupAntiAffinityFilter(), ServerGroupAffinityFilter(), SameHostFilter(),
        DifferentHostFilter(), AggregateInstanceExtraSpecsFilter(), AggregateMultiTenancyIsolation(),
        NumInstancesFilter(),
    ]

    public static var knownNames: [String] { known.map(\.name).sorted() }

    /// The filters named, in order. A name may be Nova's full class path
    /// (`nova.scheduler.filters.compute_filter.ComputeFilter`); its last component counts.
    public static func resolve(_ names: [String]) throws(SchedulerConfigError) -> [any HostFilter] {
        var out: [any HostFilter] = []
        var unknown: [String] = []
        for raw in names {
            let name = String(raw.split(separator: ".").last ?? Substring(raw)).trimmingCharacters(in: .whitespaces)
            if name.isEmpty { continue }
            if let f = known.first(where: { $0.name == name }) {
                if !out.contains(where: { $0.name == name }) { out.append(f) }
            } else {
                unknown.append(raw)
            }
        }
        if !unknown.isEmpty { throw .unknownFilters(unknown, known: knownNames) }
        return out
    }
}
