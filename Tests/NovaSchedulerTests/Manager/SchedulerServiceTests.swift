import Common
import Foundation
import Testing
@testable import NovaScheduler

@Suite struct SchedulerServiceTests {
    let url = "fake:///scheduler-svc-" + UUID().uuidString

    @Test func anUnknownFilterStopsTheServiceWithTheKnownNames() throws {
        let conf = Fx.conf(["filter_scheduler.enabled_filters": .list(["ComputeFilter", "FooFilter"])])
        #expect(throws: SchedulerConfigError.unknownFilters(["FooFilter"], known: FilterRegistry.knownNames)) {
            try SchedulerService.validate(conf)
        }
        #expect(throws: SchedulerConfigError.self) {
            _ = try SchedulerService(conf: conf, transport: try TransportFactory.make(url: url),
                                     store: InMemorySchedulerStore())
        }
    }

    @Test func aReloadSwapsFiltersAndWeighersAndRefusesUnknownNames() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sched-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("nova.conf").path
        func write(_ filters: String, _ ram: String) throws {
            try "[filter_scheduler]\nenabled_filters = \(filters)\nram_weight_multiplier = \(ram)\n"
                .write(toFile: file, atomically: true, encoding: .utf8)
        }
        try write("ComputeFilter", "1.0")
        let conf = try Config(definitions: NovaOptions.all, files: [file], configDir: nil, cli: [])
        let service = try SchedulerService(conf: conf, transport: try TransportFactory.make(url: url),
                                           store: InMemorySchedulerStore())
        #expect(service.scheduler.settings.filters.map(\.name) == ["ComputeFilter"])

        try write("ComputeFilter, SameHostFilter", "-1.0")
        try conf.reload()
        #expect(service.reload())
        #expect(service.scheduler.settings.filters.map(\.name) == ["ComputeFilter", "SameHostFilter"])
        #expect(service.scheduler.settings.weighers.first { $0.weigher.name == "RAMWeigher" }?.multiplier == -1)

        try write("NoSuchFilter", "2.0")
        try conf.reload()
        #expect(!service.reload())
        #expect(service.scheduler.settings.filters.map(\.name) == ["ComputeFilter", "SameHostFilter"])
    }

    @Test func runHeartbeatsAndStopsWhenCancelled() async throws {
        let beats = Locked<[Service]>([])
        let conf = Fx.conf(["host": .string("sched9"), "report_interval": .int(1)])
        let service = try SchedulerService(conf: conf, transport: try TransportFactory.make(url: url),
                                           store: InMemorySchedulerStore()) { s in beats.withLock { $0.append(s) } }
        let task = Task { try await service.run() }
        let deadline = Date().addingTimeInterval(20)
        while beats.withLock({ $0.count }) < 2 && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        task.cancel()
        try await task.value
        let seen = beats.withLock { $0 }
        #expect(seen.count >= 2)
        #expect(seen.first?.binary == "nova-scheduler" && seen.first?.host == "sched9")
        #expect(seen.first?.topic == "scheduler")
    }
}
