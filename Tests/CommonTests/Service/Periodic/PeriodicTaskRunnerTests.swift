import Foundation
import Testing

@testable import Common

/// What the task bodies saw: start times on the manual clock and the most runs at once.
private final class RunLog: @unchecked Sendable {
    // @unchecked: every field is touched under `lock`.
    private let lock = NSLock()
    private var starts: [Duration] = []
    private var active = 0
    private(set) var maxActive = 0

    func begin(_ at: Duration) { lock.withLock { starts.append(at); active += 1; maxActive = max(maxActive, active) } }
    func end() { lock.withLock { active -= 1 } }
    var seconds: [Int] { lock.withLock { starts.map { Int($0.components.seconds) } } }
    var peak: Int { lock.withLock { maxActive } }
}

@Suite struct PeriodicTaskRunnerTests {
    /// Starts the runner; returns its task (cancel it to stop).
    private func start(_ runner: PeriodicTaskRunner<ManualClock>) -> Task<Void, Never> {
        Task { try? await runner.run() }
    }

    @Test func runImmediatelyRunsAtStartThenEverySpacing() async {
        let clock = ManualClock()
        let log = RunLog()
        let task = PeriodicTask("tick", spacing: .seconds(10), runImmediately: true) { _ in
            log.begin(clock.now.offset); log.end()
        }
        let t = start(PeriodicTaskRunner(tasks: [task], clock: clock))
        await clock.run(until: .seconds(35), sleepers: 1)
        #expect(log.seconds == [0, 10, 20, 30])
        t.cancel()
        await t.value
    }

    @Test func withoutRunImmediatelyTheFirstRunIsOneSpacingAfterTheInitialDelay() async {
        let clock = ManualClock()
        let log = RunLog()
        let task = PeriodicTask("tick", spacing: .seconds(10)) { _ in log.begin(clock.now.offset); log.end() }
        let t = start(PeriodicTaskRunner(tasks: [task], initialDelay: .seconds(7), clock: clock))
        await clock.run(until: .seconds(40), sleepers: 1)
        #expect(log.seconds == [17, 27, 37])
        t.cancel()
        await t.value
    }

    @Test func aFailingTaskIsLoggedAndKeepsItsSchedule() async {
        let clock = ManualClock()
        let log = RunLog()
        let task = PeriodicTask("ComputeManager._sync_power_states", spacing: .seconds(5), runImmediately: true) { _ in
            log.begin(clock.now.offset); log.end()
            throw Boom()
        }
        let (t, capture) = await LogCapture.during {
            let t = start(PeriodicTaskRunner(tasks: [task], clock: clock))
            await clock.run(until: .seconds(10), sleepers: 1)
            return t
        }
        #expect(log.seconds == [0, 5, 10])
        let errors = capture.lines.filter { $0.contains("ERROR oslo_service.periodic_task") }
        #expect(errors.count == 3)
        #expect(errors.allSatisfy { $0.hasSuffix("Error during ComputeManager._sync_power_states: boom") })
        t.cancel()
        await t.value
    }

    @Test func aSlowTaskNeverOverlapsItselfAndStaysOnItsGrid() async {
        let clock = ManualClock()
        let log = RunLog()
        // Each run takes 25 s of a 10 s spacing: the ticks it covers are skipped, not queued.
        let task = PeriodicTask("slow", spacing: .seconds(10), runImmediately: true) { _ in
            log.begin(clock.now.offset)
            defer { log.end() }
            try await clock.sleep(until: clock.now.advanced(by: .seconds(25)), tolerance: nil)
        }
        let t = start(PeriodicTaskRunner(tasks: [task], clock: clock))
        await clock.run(until: .seconds(100), sleepers: 1)
        #expect(log.seconds == [0, 30, 60, 90])
        #expect(log.peak == 1)
        t.cancel()
        await t.value
    }

    @Test func lateStartsDoNotShiftLaterRuns() async {
        let clock = ManualClock()
        let log = RunLog()
        // A run that takes 3 s of a 10 s spacing: runs stay at 0, 10, 20 rather than drifting to 13, 26.
        let task = PeriodicTask("steady", spacing: .seconds(10), runImmediately: true) { _ in
            log.begin(clock.now.offset)
            defer { log.end() }
            try await clock.sleep(until: clock.now.advanced(by: .seconds(3)), tolerance: nil)
        }
        let t = start(PeriodicTaskRunner(tasks: [task], clock: clock))
        await clock.run(until: .seconds(45), sleepers: 1)
        #expect(log.seconds == [0, 10, 20, 30, 40])
        t.cancel()
        await t.value
    }

    @Test func tasksRunOnTheirOwnSchedules() async {
        let clock = ManualClock()
        let fast = RunLog()
        let slow = RunLog()
        let tasks = [
            PeriodicTask("fast", spacing: .seconds(2)) { _ in fast.begin(clock.now.offset); fast.end() },
            PeriodicTask("slow", spacing: .seconds(5)) { _ in slow.begin(clock.now.offset); slow.end() },
        ]
        let t = start(PeriodicTaskRunner(tasks: tasks, clock: clock))
        await clock.run(until: .seconds(10), sleepers: 2)
        #expect(fast.seconds == [2, 4, 6, 8, 10])
        #expect(slow.seconds == [5, 10])
        t.cancel()
        await t.value
    }

    @Test func cancellationStopsTheRunner() async {
        let clock = ManualClock()
        let log = RunLog()
        let task = PeriodicTask("tick", spacing: .seconds(1)) { _ in log.begin(clock.now.offset); log.end() }
        let t = start(PeriodicTaskRunner(tasks: [task], clock: clock))
        await clock.run(until: .seconds(3), sleepers: 1)
        t.cancel()
        await t.value
        #expect(clock.sleeperCount == 0)
        clock.advance(to: .init(offset: .seconds(10)))
        #expect(log.seconds == [1, 2, 3])
    }

    @Test func aSpacingOfZeroDisablesATaskAndASpacingReadEachRoundFollowsReloads() async {
        let clock = ManualClock()
        let log = RunLog()
        let conf = Config(definitions: NovaOptions.all)
        let disabled = PeriodicTask("off", spacing: .zero) { _ in Issue.record("disabled task ran") }
        let live = PeriodicTask("live", spacing: { .seconds(conf[FakeDriverOptions.spawnDelay]) }) { _ in
            log.begin(clock.now.offset); log.end()
        }
        conf.set(FakeDriverOptions.spawnDelay, .float(4))
        let t = start(PeriodicTaskRunner(tasks: [disabled, live], clock: clock))
        await clock.run(until: .seconds(8), sleepers: 1)
        conf.set(FakeDriverOptions.spawnDelay, .float(10))
        await clock.run(until: .seconds(30), sleepers: 1)
        #expect(log.seconds == [4, 8, 12, 22])  // the wait already under way when it changed keeps 4 s
        t.cancel()
        await t.value
    }

    @Test func eachRunHasAnAdminContextInScopeForItsLogLines() async {
        let clock = ManualClock()
        let seen = RunLog()
        let task = PeriodicTask("ctx", spacing: .seconds(1)) { ctx in
            #expect(ctx.isAdmin)
            #expect(RequestContext.current?.requestId == ctx.requestId)
            seen.begin(.zero); seen.end()
        }
        let t = start(PeriodicTaskRunner(tasks: [task], clock: clock))
        await clock.run(until: .seconds(2), sleepers: 1)
        #expect(seen.seconds.count == 2)
        t.cancel()
        await t.value
    }

    @Test func configDecidesWhetherTasksRunAndTheFuzzyDelay() {
        let task = PeriodicTask("t", spacing: .seconds(1)) { _ in }
        let off = Config(definitions: NovaOptions.all, overrides: ["periodic_enable": .bool(false)])
        #expect(PeriodicTaskRunner(tasks: [task], conf: off).tasks.isEmpty)
        let noFuzz = Config(definitions: NovaOptions.all, overrides: ["periodic_fuzzy_delay": .int(0)])
        #expect(PeriodicTaskRunner(tasks: [task], conf: noFuzz).initialDelay == .zero)
        let fuzz = Config(definitions: NovaOptions.all, overrides: ["periodic_fuzzy_delay": .int(3)])
        for _ in 0..<20 {
            let r = PeriodicTaskRunner(tasks: [task], conf: fuzz)
            #expect(r.tasks.count == 1)
            #expect(r.initialDelay >= .zero && r.initialDelay <= .seconds(3))
        }
    }

    @Test func theLastBoundaryIsTheLatestGridPointStrictlyBeforeNow() {
        typealias R = PeriodicTaskRunner<ManualClock>
        func at(_ s: Int) -> ManualClock.Instant { .init(offset: .seconds(s)) }
        #expect(R.lastBoundary(from: at(0), spacing: .seconds(10), before: at(25)) == at(20))
        #expect(R.lastBoundary(from: at(0), spacing: .seconds(10), before: at(20)) == at(10))
        #expect(R.lastBoundary(from: at(0), spacing: .seconds(10), before: at(3)) == at(0))
        #expect(R.lastBoundary(from: at(5), spacing: .seconds(10), before: at(5)) == at(5))
        #expect(R.lastBoundary(from: at(0), spacing: .milliseconds(300), before: at(1))
                == at(0).advanced(by: .milliseconds(900)))
    }
}
