import Common
import Testing
@testable import NovaScheduler

@Suite struct HostHintFilterTests {
    @Test func sameHostPassesOnlyHostsOfTheListedInstances() {
        var r = Fx.request()
        #expect(!SameHostFilter().applies(to: r))
        r.sameHostHosts = ["a"]
        #expect(SameHostFilter().hostPasses(Fx.host("a"), r))
        #expect(!SameHostFilter().hostPasses(Fx.host("b"), r))
    }

    @Test func sameHostWithUnplacedInstancesPassesNothing() {
        var r = Fx.request()
        r.sameHostHosts = []
        #expect(!SameHostFilter().hostPasses(Fx.host("a"), r))
    }

    @Test func differentHostRejectsHostsOfTheListedInstances() {
        var r = Fx.request()
        #expect(!DifferentHostFilter().applies(to: r))
        r.differentHostHosts = ["a"]
        #expect(!DifferentHostFilter().hostPasses(Fx.host("a"), r))
        #expect(DifferentHostFilter().hostPasses(Fx.host("b"), r))
    }
}
