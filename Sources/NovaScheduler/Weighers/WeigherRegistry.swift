import Common
import Foundation

/// The weighers nova-scheduler knows, by name.
public enum WeigherRegistry {
    public static let known: [any HostWeigher] = [
        RAMWeigher(), CPUWeigher(), DiskWeigher(), IoOpsWeigher(), BuildFailureWeigher(),
        ServerGroupSoftAffinityWeigher(), ServerGroupSoftAntiAffinityWeigher(), NumInstancesWeigher(),
        HypervisorVersionWeigher(),
    ]
    static let allWeighers = "all_weighers"

    public static var knownNames: [String] { known.map(\.name).sorted() }

    /// Every weigher at its option's default multiplier.
    public static var defaultEntries: [WeigherEntry] {
        known.map { WeigherEntry($0, multiplier: Double.read($0.multiplierOption.definition.defaultValue)) }
    }

    /// The weighers named (class names or Nova paths; `nova.scheduler.weights.all_weighers` is every
    /// one), with multipliers from `conf`.
    public static func resolve(_ names: [String], conf: Config) throws(SchedulerConfigError) -> [WeigherEntry] {
        var picked: [any HostWeigher] = []
        var unknown: [String] = []
        for raw in names {
            let name = String(raw.split(separator: ".").last ?? Substring(raw)).trimmingCharacters(in: .whitespaces)
            if name.isEmpty { continue }
            if name == allWeighers {
                for w in known where !picked.contains(where: { $0.name == w.name }) { picked.append(w) }
            } else if let w = known.first(where: { $0.name == name }) {
                if !picked.contains(where: { $0.name == name }) { picked.append(w) }
            } else {
                unknown.append(raw)
            }
        }
        if !unknown.isEmpty { throw .unknownWeighers(unknown, known: knownNames) }
        return picked.map { WeigherEntry($0, multiplier: conf[$0.multiplierOption]) }
    }
}
