import Common
import Testing
@testable import NovaScheduler

@Suite struct AvailabilityZoneFilterTests {
    let f = AvailabilityZoneFilter()
    let zoned = Fx.host("a", aggregates: [Fx.aggregate("az1", hosts: ["a"], metadata: ["availability_zone": "az1"])])
    let plain = Fx.host("b")

    @Test func doesNotApplyWithoutARequestedZone() {
        #expect(!f.applies(to: Fx.request(Fx.spec(az: nil))))
    }

    @Test func passesHostsOfTheRequestedZoneOnly() {
        let r = Fx.request(Fx.spec(az: "az1"))
        #expect(f.hostPasses(zoned, r))
        #expect(!f.hostPasses(plain, r))
    }

    @Test func hostsInNoZoneAreInTheDefaultZone() {
        let r = Fx.request(Fx.spec(az: "nova"))
        #expect(f.hostPasses(plain, r))
        #expect(!f.hostPasses(zoned, r))
        var s = SchedulerSettings.defaults
        s.defaultAvailabilityZone = "home"
        #expect(f.hostPasses(plain, Fx.request(Fx.spec(az: "home"), settings: s)))
    }

    @Test func aCommaSeparatedRequestMatchesAnyOfItsZones() {
        let r = Fx.request(Fx.spec(az: "az9,az1"))
        #expect(f.hostPasses(zoned, r))
    }

    @Test func theZonePartOfZoneHostIsWhatIsFiltered() {
        let r = Fx.request(Fx.spec(az: "az1:a"), admin: true)
        #expect(r.availabilityZone == "az1")
        #expect(r.targeting.forceHosts == ["a"])
    }
}

@Suite struct AggregateMemoTests {
    /// 60 hosts in 40 distinct aggregate sets (more than the memo keeps), some shared.
    func fleet() -> [HostState] {
        var aggs: [Aggregate] = []
        for z in 0..<40 {
            let members = (0..<60).filter { $0 % 40 == z }.map { "h\($0)" }
            aggs.append(Fx.aggregate("a\(z)", hosts: members, metadata: ["availability_zone": "az\(z % 3)"]))
        }
        let byHost = HostAggregates.byHost(aggs)
        return (0..<60).map { HostState(record: Fx.record(host: "h\($0)"), aggregates: byHost["h\($0)"] ?? .none) }
    }

    @Test func memoisedPassingAgreesWithJudgingEveryHost() {
        let hosts = fleet()
        for zone in ["az0", "az1", "az2,az0", "nope"] {
            let r = Fx.request(Fx.spec(az: zone))
            let f = AvailabilityZoneFilter()
            let direct = hosts.indices.filter { f.hostPasses(hosts[$0], r) }
            #expect(f.passing(Array(hosts.indices), of: hosts, r) == direct)
            #expect(!direct.isEmpty || zone == "nope")
        }
    }

    @Test func hostsOfTheSameAggregatesShareOneObject() {
        let byHost = HostAggregates.byHost([Fx.aggregate("x", hosts: ["a", "b"]), Fx.aggregate("y", hosts: ["b"])])
        let c = HostAggregates.byHost([Fx.aggregate("x", hosts: ["a", "c"])])
        #expect(byHost["a"] !== byHost["b"])
        #expect(c["a"] === c["c"])
    }
}
