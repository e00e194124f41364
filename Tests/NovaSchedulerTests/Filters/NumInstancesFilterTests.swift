import Common
import Testing
@testable import NovaScheduler

@Suite struct NumInstancesFilterTests {
    @Test func rejectsHostsAtMaxInstancesPerHost() {
        var s = SchedulerSettings.defaults
        s.maxInstancesPerHost = 2
        let r = Fx.request(settings: s)
        #expect(NumInstancesFilter().hostPasses(Fx.host("a", stats: ["num_instances": "1"]), r))
        #expect(!NumInstancesFilter().hostPasses(Fx.host("a", stats: ["num_instances": "2"]), r))
    }
}
