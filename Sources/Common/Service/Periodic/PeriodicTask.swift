/// One periodic task (Nova's `@periodic_task`): a name, a spacing, whether it runs at start, and the work.
public struct PeriodicTask: Sendable {
    public let name: String
    /// Read before each wait, so a spacing that comes from a mutable option follows a reload.
    /// Zero or less disables the task from then on (Nova: a negative spacing disables it).
    public let spacing: @Sendable () -> Duration
    /// Run once as soon as the runner starts (after its initial delay) instead of one spacing later.
    public let runImmediately: Bool
    public let body: @Sendable (RequestContext) async throws -> Void

    public init(_ name: String, spacing: Duration, runImmediately: Bool = false,
                _ body: @escaping @Sendable (RequestContext) async throws -> Void) {
        self.init(name, spacing: { spacing }, runImmediately: runImmediately, body)
    }

    public init(_ name: String, spacing: @escaping @Sendable () -> Duration, runImmediately: Bool = false,
                _ body: @escaping @Sendable (RequestContext) async throws -> Void) {
        self.name = name
        self.spacing = spacing
        self.runImmediately = runImmediately
        self.body = body
    }
}
