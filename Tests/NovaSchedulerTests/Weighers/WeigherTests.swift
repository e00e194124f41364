import Common
import Testing
@testable import NovaScheduler

@Suite struct WeigherTests {
    let r = Fx.request()

    @Test func ramWeigherReadsFreeRAMAfterReservedAndUsage() {
        let h = HostState(record: Fx.record(host: "a", memoryMB: 4096,
                                            used: Resources(vcpus: 0, memoryMB: 1024, diskGB: 0),
                                            reserved: Resources(vcpus: 0, memoryMB: 512, diskGB: 0)))
        #expect(RAMWeigher().weigh(h, r) == 2560)
    }

    @Test func cpuWeigherCountsTheAllocationRatio() {
        let h = HostState(record: Fx.record(host: "a", vcpus: 4, used: Resources(vcpus: 3, memoryMB: 0, diskGB: 0),
                                            cpuRatio: 4))
        #expect(CPUWeigher().weigh(h, r) == 13)
    }

    @Test func diskWeigherReadsFreeDiskInMB() {
        let h = Fx.host("a", diskGB: 10, used: Resources(vcpus: 0, memoryMB: 0, diskGB: 4))
        #expect(DiskWeigher().weigh(h, r) == 6 * 1024)
    }

    @Test func statBasedWeighers() {
        let h = Fx.host("a", hypervisorVersion: 7_001_000,
                        stats: ["io_workload": "3", "failed_builds": "2", "num_instances": "9"])
        #expect(IoOpsWeigher().weigh(h, r) == 3)
        #expect(BuildFailureWeigher().weigh(h, r) == -2)
        #expect(NumInstancesWeigher().weigh(h, r) == 9)
        #expect(HypervisorVersionWeigher().weigh(h, r) == 7_001_000)
    }

    @Test func softGroupWeighersCountMembersOnTheHost() {
        func req(_ policy: String) -> HostRequest {
            var r = Fx.request()
            r.group = GroupPlacement(InstanceGroupMembers(group: Fx.group(policy, members: ["m1", "m2"]),
                                                          memberHosts: ["m1": "a", "m2": "a"]))
            return r
        }
        #expect(ServerGroupSoftAffinityWeigher().weigh(Fx.host("a"), req("soft-affinity")) == 2)
        #expect(ServerGroupSoftAffinityWeigher().weigh(Fx.host("a"), req("soft-anti-affinity")) == 0)
        #expect(ServerGroupSoftAntiAffinityWeigher().weigh(Fx.host("a"), req("soft-anti-affinity")) == -2)
        #expect(ServerGroupSoftAntiAffinityWeigher().weigh(Fx.host("b"), req("soft-anti-affinity")) == 0)
        #expect(ServerGroupSoftAffinityWeigher().applies(to: req("soft-affinity")))
        #expect(!ServerGroupSoftAffinityWeigher().applies(to: Fx.request()))
        #expect(!ServerGroupSoftAntiAffinityWeigher().applies(to: req("soft-affinity")))
    }
}

@Suite struct HostWeighingTests {
    @Test func normalisesIntoZeroToOne() {
        #expect(HostWeighing.normalize([10, 20, 30]) == [0, 0.5, 1])
        #expect(HostWeighing.normalize([5, 5]) == [0, 0])
        #expect(HostWeighing.normalize([5], minval: 0, maxval: 10) == [0.5])
        #expect(HostWeighing.normalize([]) == [])
    }

    @Test func sumsNormalisedValuesTimesMultipliers() {
        let hosts = [Fx.host("a", vcpus: 4, memoryMB: 1000), Fx.host("b", vcpus: 8, memoryMB: 3000),
                     Fx.host("c", vcpus: 16, memoryMB: 2000)]
        let w = HostWeighing.weights(hosts, [WeigherEntry(RAMWeigher(), multiplier: 1),
                                             WeigherEntry(CPUWeigher(), multiplier: 2)], Fx.request())
        // RAM: 0, 1, 0.5; CPU: 0, 1/3, 1.
        #expect(w[0] == 0)
        #expect(abs(w[1] - (1 + 2.0 / 3)) < 1e-9)
        #expect(w[2] == 2.5)
        #expect(HostWeighing.order(w) == [2, 1, 0])
    }

    @Test func aNegativeRAMMultiplierStacksOnTheFullestHost() {
        let hosts = [Fx.host("a", memoryMB: 8000), Fx.host("b", memoryMB: 2000), Fx.host("c", memoryMB: 4000)]
        let w = HostWeighing.weights(hosts, [WeigherEntry(RAMWeigher(), multiplier: -1)], Fx.request())
        #expect(HostWeighing.order(w).first == 1)
    }

    @Test func theTopKAreTheFirstKOfTheFullOrder() {
        let random = RandomSource(seed: 3)
        for n in [0, 1, 5, 40, 300] {
            // Few distinct values: many ties, which must keep host order.
            let w = (0..<n).map { _ in Double(random.below(7)) }
            for k in [0, 1, 3, 20, 500] {
                #expect(HostWeighing.top(w, k) == Array(HostWeighing.order(w).prefix(k)))
            }
        }
    }

    @Test func equalWeightsKeepHostOrder() {
        #expect(HostWeighing.order([1, 2, 2, 1]) == [1, 2, 0, 3])
    }

    @Test func anAggregateMetadataKeyOverridesTheMultiplier() {
        let e = WeigherEntry(RAMWeigher(), multiplier: 1)
        let h = Fx.host("a", aggregates: [Fx.aggregate("x", hosts: ["a"], metadata: ["ram_weight_multiplier": "-2.5"]),
                                          Fx.aggregate("y", hosts: ["a"], metadata: ["ram_weight_multiplier": "3"])])
        #expect(e.multiplier(for: h) == -2.5)
        let bad = Fx.host("a", aggregates: [Fx.aggregate("x", hosts: ["a"],
                                                         metadata: ["ram_weight_multiplier": "lots"])])
        #expect(e.multiplier(for: bad) == 1)
    }

    @Test func weigherNamesResolveWithAllWeighersAndMultipliersFromConfig() throws {
        let conf = Fx.conf(["filter_scheduler.ram_weight_multiplier": .float(-1)])
        let all = try WeigherRegistry.resolve(["nova.scheduler.weights.all_weighers"], conf: conf)
        #expect(all.count == WeigherRegistry.known.count)
        #expect(all.first { $0.weigher.name == "RAMWeigher" }?.multiplier == -1)
        let one = try WeigherRegistry.resolve(["CPUWeigher"], conf: conf)
        #expect(one.map(\.weigher.name) == ["CPUWeigher"])
        #expect(throws: SchedulerConfigError.self) { try WeigherRegistry.resolve(["FooWeigher"], conf: conf) }
    }
}
