import Foundation
import Testing

/// A clock that moves only when the test says so: periodic schedules checked exactly, with no real waiting.
final class ManualClock: Clock, @unchecked Sendable {
    // @unchecked: `current`, `sleepers`, `cancelled` and `nextId` are only touched under `lock`.
    struct Instant: InstantProtocol {
        let offset: Duration
        func advanced(by d: Duration) -> Instant { Instant(offset: offset + d) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (a: Instant, b: Instant) -> Bool { a.offset < b.offset }
    }

    private let lock = NSLock()
    private var current = Instant(offset: .zero)
    private var sleepers: [Int: (deadline: Instant, continuation: CheckedContinuation<Void, any Error>)] = [:]
    private var cancelled: Set<Int> = []
    private var nextId = 0

    var now: Instant { lock.withLock { current } }
    var minimumResolution: Duration { .zero }
    var sleeperCount: Int { lock.withLock { sleepers.count } }
    var nextDeadline: Instant? { lock.withLock { sleepers.values.map(\.deadline).min() } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        let id = lock.withLock { () -> Int in nextId += 1; return nextId }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                lock.lock()
                if cancelled.remove(id) != nil {
                    lock.unlock()
                    c.resume(throwing: CancellationError())
                } else if deadline <= current {
                    lock.unlock()
                    c.resume()
                } else {
                    sleepers[id] = (deadline, c)
                    lock.unlock()
                }
            }
        } onCancel: {
            lock.lock()
            if let s = sleepers.removeValue(forKey: id) {
                lock.unlock()
                s.continuation.resume(throwing: CancellationError())
            } else {
                cancelled.insert(id)
                lock.unlock()
            }
        }
    }

    /// Moves time to `instant` and wakes every sleeper whose deadline has come.
    func advance(to instant: Instant) {
        lock.lock()
        if current < instant { current = instant }
        let due = sleepers.filter { $0.value.deadline <= current }
        for id in due.keys { sleepers.removeValue(forKey: id) }
        lock.unlock()
        for s in due.values { s.continuation.resume() }
    }

    /// Waits (in real time, bounded) until `count` tasks sleep on this clock: the system under test is idle.
    func waitForSleepers(_ count: Int, sourceLocation: SourceLocation = #_sourceLocation) async {
        let deadline = ContinuousClock.now + .seconds(20)
        while sleeperCount != count {
            if ContinuousClock.now > deadline {
                Issue.record("expected \(count) sleepers, have \(sleeperCount)", sourceLocation: sourceLocation)
                return
            }
            try? await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Steps from deadline to deadline up to `offset`, letting the `sleepers` tasks settle after each step, as a
    /// discrete-event simulation does.
    func run(until offset: Duration, sleepers count: Int) async {
        await waitForSleepers(count)
        while let next = nextDeadline, next.offset <= offset {
            advance(to: next)
            await waitForSleepers(count)
        }
        advance(to: Instant(offset: offset))
        await waitForSleepers(count)
    }
}
