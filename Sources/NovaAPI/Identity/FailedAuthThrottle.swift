import Foundation

/// Slows password guessing: each failed attempt from an address is answered after a delay that doubles
/// with every consecutive failure from it (`[identity] failed_auth_delay`, capped at 30 s); a success
/// from the address, or 15 minutes without failures, starts it over.
actor FailedAuthThrottle {
    let baseDelay: Double
    static let maxDelay: Double = 30
    static let window: TimeInterval = 900
    /// Bounds the table under a spray from many addresses.
    static let maxTracked = 10_000

    private var failures: [String: (count: Int, last: Date)] = [:]

    init(baseDelay: Double) { self.baseDelay = baseDelay }

    /// Records a failure; returns the failures counted for the address and the delay to apply.
    func recordFailure(source: String, now: Date) -> (count: Int, delay: Double) {
        if failures.count >= Self.maxTracked {
            failures = failures.filter { now.timeIntervalSince($0.value.last) < Self.window }
            if failures.count >= Self.maxTracked { failures.removeAll() }
        }
        var count = 1
        if let previous = failures[source], now.timeIntervalSince(previous.last) < Self.window {
            count = previous.count + 1
        }
        failures[source] = (count, now)
        return (count, delay(forFailure: count))
    }

    func recordSuccess(source: String) { failures[source] = nil }

    func delay(forFailure count: Int) -> Double {
        guard baseDelay > 0 else { return 0 }
        let factor = pow(2.0, Double(min(count - 1, 16)))
        return min(baseDelay * factor, max(baseDelay, Self.maxDelay))
    }
}
