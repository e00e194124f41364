import Foundation

/// A result that arrives once and is awaited by any number of tasks, each with its own deadline.
/// Used to hand results from the transports' threads back to async callers without blocking either.
public final class Promise<Value: Sendable>: @unchecked Sendable {
    // @unchecked: every mutable field is read and written only while holding `lock`.
    private let lock = NSLock()
    private var result: Result<Value, any Error>?
    private var waiters: [Int: CheckedContinuation<Value, any Error>] = [:]
    /// Waiters whose deadline or cancellation fired before they had registered.
    private var abandoned: [Int: any Error] = [:]
    private var nextId = 0

    public init() {}

    public var isDone: Bool { lock.withLock { result != nil } }

    /// Sets the result; the first call wins. Returns whether this call set it.
    @discardableResult
    public func complete(_ r: Result<Value, any Error>) -> Bool {
        lock.lock()
        guard result == nil else { lock.unlock(); return false }
        result = r
        let ws = waiters
        waiters = [:]
        lock.unlock()
        for w in ws.values { w.resume(with: r) }
        return true
    }

    public func succeed(_ v: Value) { complete(.success(v)) }
    public func fail(_ e: any Error) { complete(.failure(e)) }

    /// Waits for the result. Past `deadline` this waiter (only) gets `timeoutError()`.
    public func wait(until deadline: ContinuousClock.Instant? = nil,
                     timeoutError: @escaping @Sendable () -> any Error = { PromiseTimeout() }) async throws -> Value {
        let id = lock.withLock { () -> Int in nextId += 1; return nextId }
        let timer = deadline.map { d in
            Task { [weak self] in
                try? await Task.sleep(until: d, clock: .continuous)
                if !Task.isCancelled { self?.abandon(id, timeoutError()) }
            }
        }
        defer { timer?.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Value, any Error>) in
                lock.lock()
                if let r = result {
                    lock.unlock()
                    c.resume(with: r)
                } else if let e = abandoned.removeValue(forKey: id) {
                    lock.unlock()
                    c.resume(throwing: e)
                } else {
                    waiters[id] = c
                    lock.unlock()
                }
            }
        } onCancel: {
            abandon(id, CancellationError())
        }
    }

    private func abandon(_ id: Int, _ error: any Error) {
        lock.lock()
        if let c = waiters.removeValue(forKey: id) {
            lock.unlock()
            c.resume(throwing: error)
            return
        }
        if result == nil { abandoned[id] = error }
        lock.unlock()
    }
}

/// A `Promise` waiter's deadline passed.
public struct PromiseTimeout: Error, Sendable {
    public init() {}
}
