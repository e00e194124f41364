/// A scheduler setting that cannot be used: the service refuses to start with it (and a reload keeps the
/// previous settings).
public enum SchedulerConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownFilters([String], known: [String])
    case unknownWeighers([String], known: [String])

    public var description: String {
        switch self {
        case .unknownFilters(let names, let known):
            "Unknown filter\(names.count == 1 ? "" : "s") in [filter_scheduler] enabled_filters: "
                + "\(names.joined(separator: ", ")). Known filters: \(known.joined(separator: ", "))."
        case .unknownWeighers(let names, let known):
            "Unknown weigher\(names.count == 1 ? "" : "s") in [filter_scheduler] weight_classes: "
                + "\(names.joined(separator: ", ")). Known weighers: \(known.joined(separator: ", ")), "
                + "or nova.scheduler.weights.all_weighers."
        }
    }
}
