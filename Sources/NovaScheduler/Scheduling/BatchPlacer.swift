import Common

/// The pure part of one select_destinations: host targeting, filters, resource fit, weighing and the
/// pick order, over a request-local copy of the host states that records the request's own picks. The
/// caller claims in the order given and reports back.
struct BatchPlacer {
    private(set) var hosts: [HostState]
    var request: HostRequest
    private(set) var report: FilterReport
    /// Positions in `hosts` still in the running.
    private(set) var candidates: [Int]
    private var filtered = false
    private(set) var pickedHosts: Set<String> = []
    /// Instances of the batch placed so far.
    private var placedCount = 0
    /// The weighing behind the last pick order.
    private var lastWeighed: [(index: Int, weight: Double)] = []
    /// Whether `lastWeighed` holds only the best few candidates.
    private var lastWeighedIsPartial = false
    /// Hosts whose claim was refused during this request.
    private var rejected: Set<Int> = []
    let random: RandomSource
    static let log = Logger("nova.scheduler.filters")

    init(hosts: [HostState], request: HostRequest, random: RandomSource) {
        self.hosts = hosts
        self.request = request
        self.random = random
        report = FilterReport(total: hosts.count)
        candidates = Array(hosts.indices)
        applyTargeting()
    }

    /// ignore_hosts, then force_hosts / force_nodes, then requested_destination (Nova's host manager order;
    /// like Nova, ignored and forced names match whatever their case).
    private mutating func applyTargeting() {
        let t = request.targeting
        guard !t.isEmpty else { return }
        func lower(_ names: Set<String>) -> Set<String> { Set(names.map { $0.lowercased() }) }
        let (ignore, force, nodes) = (lower(t.ignoreHosts), lower(t.forceHosts), lower(t.forceNodes))
        if !ignore.isEmpty { keep("ignore_hosts") { !ignore.contains($0.host.lowercased()) } }
        if !force.isEmpty { keep("force_hosts") { force.contains($0.host.lowercased()) } }
        if !nodes.isEmpty { keep("force_nodes") { nodes.contains($0.nodename.lowercased()) } }
        if let h = t.destinationHost {
            keep("requested_destination") { s in
                s.host == h && (t.destinationNode == nil || s.nodename == t.destinationNode)
            }
        }
    }

    private mutating func keep(_ name: String, _ passes: (HostState) -> Bool) {
        let before = candidates.count
        candidates = candidates.filter { passes(hosts[$0]) }
        report.add(name, removed: before - candidates.count)
    }

    /// Runs the filters for the current instance: all of them the first time, then only those whose answer
    /// can change as the batch places instances. Forced hosts skip the filters, not the resource check.
    /// Returns whether any host is left.
    mutating func filter(logIfEmpty: Bool = true) -> Bool {
        let ctx = request.context
        let r = request
        if !r.targeting.isForced {
            let firstPass = !filtered
            for f in r.settings.effectiveFilters where (firstPass || f.runsPerInstance) && f.applies(to: r) {
                let before = candidates.count
                candidates = f.passing(candidates, of: hosts, r)
                report.add(f.name, removed: before - candidates.count)
                Self.log.debug("Filter \(f.name) returned \(candidates.count) host(s) (start: \(before), "
                               + "end: \(candidates.count))", context: ctx)
                if candidates.isEmpty { break }
            }
        }
        filtered = true
        if !candidates.isEmpty {
            let want = request.resources
            var removed: [ResourceClass: Int] = [:]
            let h = hosts
            candidates = candidates.filter { i in
                guard let short = ResourceFit.shortfall(h[i], want) else { return true }
                removed[short, default: 0] += 1
                return false
            }
            for rc in ResourceClass.allCases { report.add(ResourceFit.label(rc), removed: removed[rc] ?? 0) }
            Self.log.debug("Resources (\(want)) left \(candidates.count) host(s)", context: ctx)
        }
        if candidates.isEmpty && logIfEmpty {
            Self.log.info("Filtering removed all hosts for the request with instance ID '\(request.instanceUUID)'. "
                          + report.reason(), context: ctx)
        }
        return !candidates.isEmpty
    }

    /// Candidates best first by weight; with host_subset_size > 1 the first is drawn at random among the
    /// best N, and with shuffle_best_same_weighed_hosts the hosts sharing the best weight are shuffled.
    mutating func pickOrder() -> [Int] {
        let s = request.settings
        // Claims rarely fail: the best few are enough, and a caller who exhausts them asks again (refused
        // hosts have left the candidates by then). Shuffling equal hosts needs all of the best weight.
        var order = weighedOrder(limit: s.shuffleBestSameWeighedHosts ? nil : max(s.hostSubsetSize, s.maxAttempts) + 16)
        lastWeighed = order
        lastWeighedIsPartial = order.count < candidates.count
        guard order.count > 1 else { return order.map(\.index) }
        if s.shuffleBestSameWeighedHosts {
            let best = order.prefix { $0.weight == order[0].weight }.count
            var head = Array(order[0..<best])
            random.shuffle(&head)
            order.replaceSubrange(0..<best, with: head)
        }
        let subset = min(s.hostSubsetSize, order.count)
        if subset > 1 {
            let chosen = order.remove(at: random.below(subset))
            order.insert(chosen, at: 0)
        }
        return order.map(\.index)
    }

    /// Candidates with their weights, heaviest first (ties keep host order).
    /// With `limit`, only the best `limit` of them.
    func weighedOrder(limit: Int? = nil) -> [(index: Int, weight: Double)] {
        let weights = HostWeighing.weights(candidates, hosts, request.settings.weighers, request)
        let ranked = limit.map { HostWeighing.top(weights, $0) } ?? HostWeighing.order(weights)
        let order = ranked.map { (index: candidates[$0], weight: weights[$0]) }
        if Self.log.isEnabled(.debug) {
            let top = order.prefix(5).map { "(\(hosts[$0.index].host), \(hosts[$0.index].nodename)) \($0.weight)" }
            Self.log.debug("Weighed \(order.count) host(s), best: \(top.joined(separator: ", "))",
                           context: request.context)
        }
        return order
    }

    /// The claim on `index` was refused: out of the running for this request.
    mutating func claimRejected(_ index: Int) {
        report.claimConflicts += 1
        rejected.insert(index)
        candidates.removeAll { $0 == index }
    }

    /// The current instance is claimed on `index`: usage and group membership move on for the next one.
    /// After the batch's last instance the usage is left alone (copying the fleet's states for it would
    /// buy nothing: picked hosts are never alternates).
    mutating func placed(_ index: Int, moreToPlace: Bool) {
        if moreToPlace { hosts[index].consume(request.resources) }
        request.group?.add(member: request.instanceUUID, host: hosts[index].host)
        pickedHosts.insert(hosts[index].host)
        placedCount += 1
    }

    /// Up to `count` alternates from distinct hosts not picked by this batch, best first, among the hosts
    /// that still pass the filters once every instance is placed (so a reschedule keeps the policies).
    ///
    /// After a single pick with no server group, only the picked host changed and it is excluded: the
    /// pick's own weighing is reused instead of filtering and weighing the fleet again (the others' order
    /// could only move through the normalisation bounds).
    mutating func alternates(count: Int) -> [HostState] {
        guard count > 0 else { return [] }
        if pickedHosts.count == 1 && request.group == nil && !lastWeighed.isEmpty {
            let out = distinctHosts(lastWeighed.map(\.index), count)
            if out.count == count || !lastWeighedIsPartial { return out }
        }
        guard filter(logIfEmpty: false) else { return [] }
        // The best few are usually enough; the whole order only when they are not.
        let few = weighedOrder(limit: count + placedCount + rejected.count + 16)
        let out = distinctHosts(few.map(\.index), count)
        if out.count == count || few.count == candidates.count { return out }
        return distinctHosts(weighedOrder().map(\.index), count)
    }

    /// Up to `count` hosts of `order`, one node per host, none picked by this batch or refused a claim.
    private func distinctHosts(_ order: [Int], _ count: Int) -> [HostState] {
        var out: [HostState] = []
        var seen = pickedHosts
        for i in order where out.count < count && !rejected.contains(i) {
            if seen.insert(hosts[i].host).inserted { out.append(hosts[i]) }
        }
        return out
    }
}
