/// A long-running part of a process (RPC server, HTTP server, periodic tasks): `run()` lives until the process
/// should stop. Cancellation of the task running it is the graceful-stop request: stop taking new work, finish
/// what is in flight, return. (Named `LifecycleService` because `Service` is the versioned object of the
/// services table.)
public protocol LifecycleService: Sendable {
    /// Name used in logs and in the failure that stops the process.
    var serviceName: String { get }

    /// When true, the service calls `ServiceReadiness.markReady()` itself once it can take work, and systemd
    /// hears `READY=1` only after that; when false it counts as ready as soon as it starts.
    var reportsReadiness: Bool { get }

    func run() async throws

    /// Called after a SIGHUP reload with the changes that were applied (mutable options only).
    func configReloaded(_ changes: [Config.Change]) async
}

extension LifecycleService {
    public var serviceName: String { String(describing: type(of: self)) }
    public var reportsReadiness: Bool { false }
    public func configReloaded(_ changes: [Config.Change]) async {}
}

/// How a service that `reportsReadiness` says it is ready, from anywhere inside its `run()`.
public enum ServiceReadiness {
    /// The group's callback, boxed: a task-local holding a bare optional closure crashed in
    /// `swift_task_localValuePush` in release builds (Swift 6.3), a class reference does not.
    final class Hook: Sendable {
        let fire: @Sendable () -> Void
        init(_ fire: @escaping @Sendable () -> Void) { self.fire = fire }
    }

    /// Set by `ServiceGroup` for the task that runs each service.
    @TaskLocal static var current: Hook?

    /// Tells the group that the calling service can take work. Outside a group it does nothing.
    public static func markReady() { current?.fire() }
}
