import Common
import Testing
@testable import NovaScheduler

@Suite struct PickOrderTests {
    /// Hosts whose RAM makes their order a, b, c, d, e.
    let hosts = [Fx.host("a", memoryMB: 9000), Fx.host("b", memoryMB: 8000), Fx.host("c", memoryMB: 7000),
                 Fx.host("d", memoryMB: 6000), Fx.host("e", memoryMB: 5000)]

    func pickOrder(_ settings: SchedulerSettings, hosts: [HostState]? = nil, seed: UInt64) -> [Int] {
        var p = BatchPlacer(hosts: hosts ?? self.hosts, request: Fx.request(settings: settings),
                            random: RandomSource(seed: seed))
        _ = p.filter()
        return p.pickOrder()
    }

    func settings(subset: Int = 1, shuffle: Bool = false) -> SchedulerSettings {
        var s = SchedulerSettings.defaults
        s.weighers = [WeigherEntry(RAMWeigher(), multiplier: 1)]
        s.hostSubsetSize = subset
        s.shuffleBestSameWeighedHosts = shuffle
        return s
    }

    @Test func withoutASubsetTheBestHostComesFirstThenTheRest() {
        #expect(pickOrder(settings(), seed: 1) == [0, 1, 2, 3, 4])
    }

    @Test func hostSubsetSizeDrawsTheFirstAmongTheBestN() {
        var firsts: [Int: Int] = [:]
        for seed in 1...200 {
            let order = pickOrder(settings(subset: 3), seed: UInt64(seed))
            firsts[order[0], default: 0] += 1
            #expect(order.sorted() == [0, 1, 2, 3, 4])
            #expect(Array(order.dropFirst()) == [0, 1, 2, 3, 4].filter { $0 != order[0] })
        }
        #expect(Set(firsts.keys) == [0, 1, 2])
    }

    @Test func equalBestHostsAreShuffledOnlyWhenAsked() {
        let equal = [Fx.host("a"), Fx.host("b"), Fx.host("c"), Fx.host("d", memoryMB: 1000)]
        var firsts: Set<Int> = []
        for seed in 1...100 {
            let order = pickOrder(settings(shuffle: true), hosts: equal, seed: UInt64(seed))
            firsts.insert(order[0])
            #expect(order.last == 3)
        }
        #expect(firsts == [0, 1, 2])
        #expect(pickOrder(settings(), hosts: equal, seed: 5) == [0, 1, 2, 3])
    }
}
