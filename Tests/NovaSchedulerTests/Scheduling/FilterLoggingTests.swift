import Common
import Foundation
import Testing
@testable import NovaScheduler

@Suite struct FilterLoggingTests {
    @Test func debugLogsShowEachFiltersCountsWithTheRequestId() async throws {
        let store = InMemorySchedulerStore()
        for h in ["a", "b", "c"] { store.addNode(host: h, vcpus: 8, memoryMB: 8192, diskGB: 100) }
        store.updateService(host: "c", disabled: true)
        let ctx = RequestContext(requestId: "req-filter-log-\(UUID().uuidString.lowercased())", userId: "u1",
                                 projectId: "p1")
        let before = LogSystem.shared.level
        LogSystem.shared.level = .debug
        LogSystem.shared.startCapture()
        _ = try await Fx.scheduler(store).selectDestinations(ctx, spec: Fx.spec(az: "nova"), instanceUUIDs: ["i1"],
                                                             returnAlternates: true)
        let lines = LogSystem.shared.stopCapture().filter { $0.contains(ctx.requestId) }
        LogSystem.shared.level = before
        #expect(lines.contains { $0.contains("Filter AvailabilityZoneFilter returned 3 host(s) (start: 3, end: 3)") })
        #expect(lines.contains { $0.contains("Filter ComputeFilter returned 2 host(s) (start: 3, end: 2)") })
        #expect(lines.contains { $0.contains("DEBUG nova.scheduler.filters") })
    }
}
