import Common

/// Randomness for host_subset_size and the shuffle of equal best hosts: the system generator in service,
/// a seeded one (SplitMix64) in tests so they can check the choice is spread without flaking.
public final class RandomSource: Sendable {
    private let isSeeded: Bool
    private let seed: Locked<UInt64>

    public static let system = RandomSource()

    public init() {
        isSeeded = false
        seed = Locked(0)
    }

    public init(seed: UInt64) {
        isSeeded = true
        self.seed = Locked(seed)
    }

    /// A value in 0..<n (n > 0).
    public func below(_ n: Int) -> Int {
        precondition(n > 0, "empty range")
        guard isSeeded else { return Int.random(in: 0..<n) }
        let x = seed.withLock { s -> UInt64 in
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return Int(x % UInt64(n))
    }

    /// Fisher–Yates.
    public func shuffle<T>(_ a: inout [T]) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) { a.swapAt(i, below(i + 1)) }
    }
}
