import Dispatch
import Foundation
import NovaIdentity

/// Checks passwords against crypt(3) hashes on threads of its own (one queue per core): a hash costs
/// tens of milliseconds of CPU by design and must not hold the cooperative pool. A user that does not
/// exist is checked against a dummy hash of the same cost, so the answer takes as long either way.
final class PasswordVerifier: Sendable {
    private let queues: [DispatchQueue]
    private let next = Counter()
    let dummyHash: String

    init(rounds: Int) {
        let count = max(1, ProcessInfo.processInfo.activeProcessorCount)
        queues = (0..<count).map { DispatchQueue(label: "nova.api.identity.password-\($0)", qos: .userInitiated) }
        // Random, never revealed: no password matches it in practice.
        let filler = (try? SecureRandom.hexId()) ?? UUID().uuidString
        dummyHash = (try? PasswordHash.make(filler, rounds: rounds)) ?? "$6$rounds=\(rounds)$invalid$"
    }

    /// Whether `password` matches `hash`; a nil hash (unknown user, no password set) never matches
    /// but costs the same.
    func verify(_ password: String, against hash: String?) async -> Bool {
        let queue = queues[next.increment() % queues.count]
        let stored = hash ?? dummyHash
        let matched = await withCheckedContinuation { (done: CheckedContinuation<Bool, Never>) in
            queue.async { done.resume(returning: PasswordHash.verify(password, against: stored)) }
        }
        return matched && hash != nil
    }

    /// A lock-protected round-robin counter.
    final class Counter: @unchecked Sendable {
        // @unchecked: `value` is only touched under `lock`.
        private let lock = NSLock()
        private var value = 0
        func increment() -> Int {
            lock.withLock {
                value &+= 1
                return value & Int.max
            }
        }
    }
}
