import Foundation

/// A value behind a lock, shaped like Synchronization's `Mutex` (`withLock { $0 ... }`) but built on a
/// pthread mutex (NSLock). On Linux `Mutex` is a futex word that ThreadSanitizer does not model, so every
/// access from two threads was reported as a race and the TSan suite could not tell real races apart;
/// everything that shares state across threads uses this instead.
public final class Locked<Value>: @unchecked Sendable {
    // @unchecked: `value` is only read or written inside `withLock`, while holding `lock`.
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value.
    public func withLock<Result, E: Error>(_ body: (inout Value) throws(E) -> Result) throws(E) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
