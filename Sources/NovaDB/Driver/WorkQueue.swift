import Dispatch
import Foundation

/// The jobs waiting for a pool thread. Threads block in `pop()` (they are ours, not the cooperative pool's).
/// Closing and pushing take the same lock, so no job can land behind the stop markers and wait forever.
/// The lock is an NSLock (a pthread mutex) rather than Synchronization's Mutex: on Linux Mutex is built on
/// raw futex calls that ThreadSanitizer cannot see, so every push/pop pair was reported as a race.
final class WorkQueue: @unchecked Sendable {
    // @unchecked: `state` is only read or written while holding `lock`.
    enum Job: Sendable {
        /// Runs on a pool thread with that thread's connection.
        case work(@Sendable (DatabaseConnection) -> Void)
        /// Ends the thread that takes it.
        case stop
    }

    private struct State {
        var jobs: [Job] = []
        var closed = false
    }

    private let lock = NSLock()
    private var state = State()
    private let available = DispatchSemaphore(value: 0)

    /// Queues a job; false once the queue is closed.
    func push(_ job: Job) -> Bool {
        let queued = lock.withLock { () -> Bool in
            guard !state.closed else { return false }
            state.jobs.append(job)
            return true
        }
        if queued { available.signal() }
        return queued
    }

    /// Ends `threads` pool threads after the jobs already queued; later pushes are refused.
    /// With `final`, the queue is closed for good (nothing else may be queued).
    func stop(threads: Int, final: Bool) {
        let added = lock.withLock { () -> Int in
            guard !state.closed else { return 0 }
            state.closed = final
            state.jobs += Array(repeating: .stop, count: threads)
            return threads
        }
        for _ in 0..<added { available.signal() }
    }

    func pop() -> Job {
        available.wait()
        return lock.withLock { state.jobs.removeFirst() }
    }
}
