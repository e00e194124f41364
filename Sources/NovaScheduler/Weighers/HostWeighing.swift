/// Nova's weighing (nova/weights.py): per weigher, raw values normalised to 0...1 across the candidates
/// (all equal: 0), times the weigher's multiplier for the host, summed; then the best first.
public enum HostWeighing {
    /// Normalises `values` into 0...1 between `minval`/`maxval` (defaulting to their min/max).
    public static func normalize(_ values: [Double], minval: Double? = nil, maxval: Double? = nil) -> [Double] {
        guard let lo = minval ?? values.min(), let hi = maxval ?? values.max() else { return [] }
        guard hi != lo else { return [Double](repeating: 0, count: values.count) }
        let range = hi - lo
        return values.map { ($0 - lo) / range }
    }

    /// The total weight of each of `hosts` (same order).
    public static func weights(_ hosts: [HostState], _ entries: [WeigherEntry], _ request: HostRequest) -> [Double] {
        weights(Array(hosts.indices), hosts, entries, request)
    }

    /// The total weight of `hosts[i]` for each i in `indices` (same order).
    public static func weights(_ indices: [Int], _ hosts: [HostState], _ entries: [WeigherEntry],
                               _ request: HostRequest) -> [Double] {
        var totals = [Double](repeating: 0, count: indices.count)
        guard indices.count > 1 else { return totals }
        let anyOverrides = indices.contains { hosts[$0].aggregates.overridesWeights }
        var raw = [Double](repeating: 0, count: indices.count)
        for e in entries {
            if (e.multiplier == 0 && !anyOverrides) || !e.weigher.applies(to: request) { continue }
            e.weigher.weighAll(indices, of: hosts, request, into: &raw)
            let norm = normalize(raw, minval: e.weigher.minval, maxval: e.weigher.maxval)
            for k in totals.indices {
                totals[k] += (anyOverrides ? e.multiplier(for: hosts[indices[k]]) : e.multiplier) * norm[k]
            }
        }
        return totals
    }

    /// Positions of `weights`, heaviest first; equal weights keep their order (a stable sort).
    public static func order(_ weights: [Double]) -> [Int] {
        weights.indices.sorted { a, b in weights[a] != weights[b] ? weights[a] > weights[b] : a < b }
    }

    /// The first `k` of `order(weights)` without sorting them all: one pass keeping the best k, so picking
    /// among ten thousand hosts costs a scan, not a sort.
    public static func top(_ weights: [Double], _ k: Int) -> [Int] {
        guard weights.count > k else { return order(weights) }
        guard k > 0 else { return [] }
        var best: [Int] = []
        best.reserveCapacity(k + 1)
        for i in weights.indices {
            let w = weights[i]
            // Equal weights keep host order: a later host only enters by being strictly heavier.
            if best.count == k, let last = best.last, !(w > weights[last]) { continue }
            var j = best.count
            while j > 0 && w > weights[best[j - 1]] { j -= 1 }
            best.insert(i, at: j)
            if best.count > k { best.removeLast() }
        }
        return best
    }
}
