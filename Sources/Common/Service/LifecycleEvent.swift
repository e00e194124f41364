/// What the outside world asks of a running process: stop (SIGTERM, SIGINT) or re-read its config (SIGHUP).
public enum LifecycleEvent: Sendable, Equatable {
    case shutdown(reason: String)
    case reload
}
