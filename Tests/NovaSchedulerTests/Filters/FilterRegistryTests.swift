import Common
import Testing
@testable import NovaScheduler

@Suite struct FilterRegistryTests {
    @Test func resolvesNamesAndNovaPathsInOrder() throws {
        let f = try FilterRegistry.resolve(["ComputeFilter", "nova.scheduler.filters.affinity_filter.SameHostFilter"])
        #expect(f.map(\.name) == ["ComputeFilter", "SameHostFilter"])
    }

    @Test func anUnknownNameIsAnErrorListingTheKnownOnes() {
        #expect(throws: SchedulerConfigError.self) { try FilterRegistry.resolve(["ComputeFilter", "RetryFilter"]) }
        do {
            _ = try FilterRegistry.resolve(["RetryFilter"])
        } catch {
            #expect(error.description.contains("RetryFilter"))
            #expect(error.description.contains("AvailabilityZoneFilter, ComputeCapabilitiesFilter"))
        }
    }

    @Test func theDefaultsAreNovasDefaultList() throws {
        let s = try SchedulerSettings(conf: Fx.conf())
        #expect(s.filters.map(\.name) == SchedulerSettings.defaultFilterNames)
        #expect(s.weighers.count == WeigherRegistry.known.count)
    }
}

@Suite struct AllHostsFilterTests {
    @Test func passesEveryHostAndNeverNeedsToRun() {
        #expect(AllHostsFilter().hostPasses(Fx.host("a", disabled: true), Fx.request()))
        #expect(!AllHostsFilter().applies(to: Fx.request()))
    }
}
