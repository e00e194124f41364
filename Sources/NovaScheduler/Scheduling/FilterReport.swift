/// What removed how many hosts during one request, for the NoValidHost reason users read as the fault of
/// their server: `There are not enough hosts available. Filters removed: ComputeFilter 2,
/// AvailabilityZoneFilter 5, resources (RAM) 13 of 20 hosts`.
public struct FilterReport: Sendable, Equatable {
    /// Compute nodes known when the request started.
    public let total: Int
    /// Name → hosts removed, in the order the names first removed something.
    public private(set) var removed: [(name: String, count: Int)] = []
    /// Hosts whose claim was refused (taken by a concurrent request since the cache saw them).
    public var claimConflicts = 0

    public init(total: Int) { self.total = total }

    public mutating func add(_ name: String, removed n: Int) {
        guard n > 0 else { return }
        if let i = removed.firstIndex(where: { $0.name == name }) {
            removed[i].count += n
        } else {
            removed.append((name, n))
        }
    }

    public func count(_ name: String) -> Int { removed.first { $0.name == name }?.count ?? 0 }

    /// The reason; `placed` of `requested` says how far a batch got.
    public func reason(placed: Int = 0, requested: Int = 1) -> String {
        var text = "There are not enough hosts available."
        if total == 0 {
            text += " No compute nodes are registered."
        } else {
            var parts = removed.map { "\($0.name) \($0.count)" }
            if claimConflicts > 0 { parts.append("claims lost to concurrent requests \(claimConflicts)") }
            let list = parts.isEmpty ? "none" : parts.joined(separator: ", ")
            text += " Filters removed: \(list) of \(total) host\(total == 1 ? "" : "s")"
        }
        if requested > 1 { text += " (placed \(placed) of \(requested) instances)" }
        return text
    }

    public static func == (a: FilterReport, b: FilterReport) -> Bool {
        a.total == b.total && a.claimConflicts == b.claimConflicts
            && a.removed.map(\.name) == b.removed.map(\.name) && a.removed.map(\.count) == b.removed.map(\.count)
    }
}
