/// For filters whose answer depends only on the request and the host's aggregates: each distinct set of
/// aggregates is judged once per request (hosts in the same aggregates share one `HostAggregates`), so a
/// zone check over ten thousand hosts costs a handful of judgements, not ten thousand.
enum AggregateMemo {
    /// The `passing` of a filter that depends only on aggregates.
    static func passing(_ candidates: [Int], of hosts: [HostState], _ judge: (HostState) -> Bool) -> [Int] {
        var seen: [(id: ObjectIdentifier, passes: Bool)] = []
        return candidates.filter { i in
            let id = ObjectIdentifier(hosts[i].aggregates)
            for s in seen where s.id == id { return s.passes }
            let verdict = judge(hosts[i])
            // A fleet with very many distinct aggregate sets falls back to judging each host.
            if seen.count < 32 { seen.append((id, verdict)) }
            return verdict
        }
    }
}
