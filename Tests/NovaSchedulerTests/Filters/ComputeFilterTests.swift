import Common
import Foundation
import Testing
@testable import NovaScheduler

@Suite struct ComputeFilterTests {
    let f = ComputeFilter()
    let r = Fx.request()

    @Test func passesAnEnabledServiceWithARecentHeartbeat() {
        #expect(f.hostPasses(Fx.host("a", lastSeen: Fx.now.addingTimeInterval(-10)), r))
    }

    @Test func rejectsADisabledService() {
        #expect(!f.hostPasses(Fx.host("a", disabled: true), r))
    }

    @Test func rejectsAForcedDownServiceEvenWithAFreshHeartbeat() {
        #expect(!f.hostPasses(Fx.host("a", forcedDown: true), r))
    }

    @Test func rejectsAServiceSilentForLongerThanServiceDownTime() {
        #expect(!f.hostPasses(Fx.host("a", lastSeen: Fx.now.addingTimeInterval(-61)), r))
        #expect(!f.hostPasses(Fx.host("a", lastSeen: nil), r))
    }

    @Test func honoursAConfiguredServiceDownTime() {
        var s = SchedulerSettings.defaults
        s.serviceDownTime = 300
        #expect(f.hostPasses(Fx.host("a", lastSeen: Fx.now.addingTimeInterval(-200)), Fx.request(settings: s)))
    }
}
