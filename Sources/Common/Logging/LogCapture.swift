import Foundation

/// Lines logged by one task and the tasks it starts, kept in memory: tests read what their own code logged
/// while other tests log in parallel (the process-wide `startCapture()` cannot tell them apart).
public final class LogCapture: @unchecked Sendable {
    // @unchecked: `stored` is only touched under `lock`.
    private let lock = NSLock()
    private var stored: [String] = []

    public init() {}

    /// Every line captured so far, oldest first.
    public var lines: [String] { lock.withLock { stored } }

    func append(_ line: String) { lock.withLock { stored.append(line) } }

    /// The capture in scope for the current task; `LogSystem` adds each emitted line to it.
    @TaskLocal public static var current: LogCapture?

    /// Runs `body` with a fresh capture in scope and returns it with the body's result.
    public static func during<T>(_ body: () async throws -> T) async rethrows -> (T, LogCapture) {
        let capture = LogCapture()
        let value = try await $current.withValue(capture) { try await body() }
        return (value, capture)
    }
}
