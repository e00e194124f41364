import Common
import Foundation

/// The aggregates one host belongs to, folded for the filters: metadata values split on commas and
/// merged across aggregates (Nova's aggregate_metadata_get_by_host), and the availability zone. Shared,
/// immutable: hosts of the same aggregates hold the same object.
public final class HostAggregates: Sendable {
    public let uuids: [String]
    /// Key → every value of that key across the host's aggregates.
    public let metadata: [String: Set<String>]
    /// The availability zones named by the host's aggregates (empty: the default zone).
    public let availabilityZones: Set<String>
    /// Whether some metadata key overrides a weigher's multiplier (`*_weight_multiplier`).
    public let overridesWeights: Bool

    public static let none = HostAggregates(uuids: [], metadata: [:])

    public init(uuids: [String], metadata: [String: Set<String>]) {
        self.uuids = uuids
        self.metadata = metadata
        availabilityZones = metadata["availability_zone"] ?? []
        overridesWeights = metadata.keys.contains { $0.hasSuffix("_weight_multiplier") }
    }

    public convenience init(_ aggregates: [Aggregate]) {
        var meta: [String: Set<String>] = [:]
        for a in aggregates {
            for (k, v) in a.metadata ?? [:] {
                for part in v.split(separator: ",") {
                    meta[k, default: []].insert(String(part).trimmingCharacters(in: .whitespaces))
                }
            }
        }
        self.init(uuids: aggregates.map(\.uuid), metadata: meta)
    }

    /// Every value of metadata keys starting with `prefix` (e.g. `filter_tenant_id`, `filter_tenant_id_2`).
    public func values(prefix: String) -> Set<String>? {
        var out: Set<String>?
        for (k, v) in metadata where k.hasPrefix(prefix) { out = (out ?? []).union(v) }
        return out
    }

    /// Indexes aggregates by member host name; hosts in the same aggregates share one object.
    public static func byHost(_ aggregates: [Aggregate]) -> [String: HostAggregates] {
        var grouped: [String: [Int]] = [:]
        for (i, a) in aggregates.enumerated() {
            for h in a.hosts ?? [] { grouped[h, default: []].append(i) }
        }
        var shared: [[Int]: HostAggregates] = [:]
        return grouped.mapValues { ids in
            if let s = shared[ids] { return s }
            let s = HostAggregates(ids.map { aggregates[$0] })
            shared[ids] = s
            return s
        }
    }
}
