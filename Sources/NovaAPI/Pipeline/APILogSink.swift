import Common

/// Where the pipeline's log lines go: the process log by default; tests pass a collector so they can
/// read the lines without touching the global log capture other tests may be using.
public protocol APILogSink: Sendable {
    func log(_ level: LogLevel, logger: String, _ message: String, context: RequestContext?)
}

/// The default sink: oslo.log-shaped lines through `Logger`.
public struct ProcessLogSink: APILogSink {
    public init() {}
    public func log(_ level: LogLevel, logger: String, _ message: String, context: RequestContext?) {
        Logger(logger).log(level, message, context: context)
    }
}
