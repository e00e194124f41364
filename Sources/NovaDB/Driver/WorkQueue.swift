import Common
import Dispatch

/// The jobs waiting for a pool thread. Threads block in `pop()` (they are ours, not the cooperative pool's).
/// Closing and pushing take the same lock, so no job can land behind the stop markers and wait forever.
final class WorkQueue: Sendable {
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

    private let state = Locked(State())
    private let available = DispatchSemaphore(value: 0)

    /// Queues a job; false once the queue is closed.
    func push(_ job: Job) -> Bool {
        let queued = state.withLock { s in
            guard !s.closed else { return false }
            s.jobs.append(job)
            return true
        }
        if queued { available.signal() }
        return queued
    }

    /// Ends `threads` pool threads after the jobs already queued; later pushes are refused.
    /// With `final`, the queue is closed for good (nothing else may be queued).
    func stop(threads: Int, final: Bool) {
        let added = state.withLock { s -> Int in
            guard !s.closed else { return 0 }
            s.closed = final
            s.jobs += Array(repeating: .stop, count: threads)
            return threads
        }
        for _ in 0..<added { available.signal() }
    }

    func pop() -> Job {
        available.wait()
        return state.withLock { $0.jobs.removeFirst() }
    }
}
