import Common
import Foundation

/// nova-api's `osapi_compute` service: the HTTP server on `osapi_compute_listen:osapi_compute_listen_port`
/// serving one handler (the API pipeline) until it is stopped or its task is cancelled.
///
/// ```swift
/// let assembly = try ComputeAPI.assemble(config: config, router: router)
/// let service = APIService(config: config, handler: assembly.pipeline)
/// try service.start()                 // bind now, so a busy port fails before anything else starts
/// try await service.run()             // returns after stop() or cancellation, connections drained
/// ```
public final class APIService: Sendable {
    public static let name = "osapi_compute"
    static let log = Logger("nova.service")

    public let server: HTTPServer

    /// `LifecycleService`'s name for it.
    public var serviceName: String { Self.name }

    /// The server as `[DEFAULT]`, `[wsgi]` and `[api]` options describe it.
    public convenience init(config: Config, handler: any HTTPHandler) {
        self.init(configuration: HTTPServerConfiguration(config: config), handler: handler)
    }

    public init(configuration: HTTPServerConfiguration, handler: any HTTPHandler) {
        server = HTTPServer(configuration: configuration, handler: handler)
    }

    /// The bound port once started.
    public var port: Int? { server.port }

    /// Binds and starts serving; returns the port. Logs where it listens, as Nova's WSGI service does.
    @discardableResult
    public func start() throws(HTTPServerError) -> Int {
        let port = try server.start()
        let host = server.configuration.host
        Self.log.info("\(Self.name) listening on \(host.contains(":") ? "[\(host)]" : host):\(port)")
        return port
    }

    /// Serves until `stop()` or cancellation of the calling task; a cancelled run stops gracefully
    /// (requests in flight answered, bounded by `[DEFAULT] graceful_shutdown_timeout`) before returning.
    public func run() async throws {
        if server.port == nil { try start() }
        try await server.run()
        Self.log.info("\(Self.name) stopped")
    }

    /// Stops gracefully and waits until the server has stopped.
    public func stop() async {
        Self.log.info("Stopping \(Self.name): no new connections, finishing requests in flight")
        await server.stop()
    }

    /// Processes that should serve the API: `osapi_compute_workers` (alias `[api] workers`), else one
    /// per CPU, as Nova's default.
    public static func workerCount(config: Config) -> Int {
        let configured = config[APIServerOptions.workers]
        return configured > 0 ? configured : max(1, ProcessInfo.processInfo.activeProcessorCount)
    }
}
