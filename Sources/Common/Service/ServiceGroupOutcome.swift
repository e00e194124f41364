/// How a `ServiceGroup` ended, and the exit status that follows from it.
public enum ServiceGroupOutcome: Sendable, Equatable {
    /// Asked to stop (signal). `lingering` names services still running when the graceful wait ran out.
    case stopped(reason: String, lingering: [String])
    /// A service returned on its own; the rest were stopped.
    case finished(service: String)
    /// A service threw; the rest were stopped.
    case failed(service: String, error: String)

    /// 0 after a requested stop or a clean return, 1 when a service failed.
    public var exitCode: Int32 {
        switch self {
        case .stopped, .finished: 0
        case .failed: 1
        }
    }
}
