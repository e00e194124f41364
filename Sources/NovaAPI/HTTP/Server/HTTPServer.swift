import Foundation

/// nova-api's HTTP/1.1 server: an epoll event loop on its own thread that reads requests and calls an
/// async `HTTPHandler` for each. Keep-alive, pipelining (answered in order), chunked bodies,
/// `Expect: 100-continue`, HEAD; limits and timeouts from `HTTPServerConfiguration`.
public final class HTTPServer: @unchecked Sendable {
    // @unchecked: `loop` and `boundPort` are only touched while holding `lock`.
    public let configuration: HTTPServerConfiguration
    private let handler: any HTTPHandler
    private let lock = NSLock()
    private var loop: EventLoop?
    private var boundPort: Int?

    public init(configuration: HTTPServerConfiguration, handler: any HTTPHandler) {
        self.configuration = configuration
        self.handler = handler
    }

    /// Binds and starts serving; returns the bound port (the one chosen when configured with 0).
    @discardableResult
    public func start() throws(HTTPServerError) -> Int {
        lock.lock()
        defer { lock.unlock() }
        guard loop == nil else { throw .alreadyStarted }
        let (fd, port) = try SocketAddress.listen(
            host: configuration.host, port: configuration.port, backlog: configuration.backlog,
            reusePort: configuration.reusePort)
        let newLoop: EventLoop
        do {
            newLoop = try EventLoop(listenFD: fd, configuration: configuration, handler: handler)
        } catch {
            close(fd)
            throw error
        }
        loop = newLoop
        boundPort = port
        newLoop.start()
        return port
    }

    /// The port listened on, once started.
    public var port: Int? { lock.withLock { boundPort } }

    /// Client connections open right now.
    public var openConnections: Int { lock.withLock { loop }?.openConnections ?? 0 }

    /// Serves until stopped: starts if needed, and on task cancellation stops gracefully (bounded by
    /// `shutdownTimeout`), returning once the connections are closed.
    public func run() async throws {
        let loop =
            try lock.withLock { self.loop }
            ?? { () throws(HTTPServerError) -> EventLoop in
                try start()
                return lock.withLock { self.loop! }
            }()
        let grace = configuration.shutdownTimeout
        await withTaskCancellationHandler {
            await loop.stopped.wait()
        } onCancel: {
            loop.post(.stop(grace))
        }
    }

    /// Begins a graceful stop without waiting: no new connections, idle ones closed, requests in flight
    /// answered (with `Connection: close`) for up to `gracePeriod` (nil: the configured timeout).
    public func beginShutdown(gracePeriod: Duration? = nil) {
        lock.withLock { loop }?.post(.stop(gracePeriod ?? configuration.shutdownTimeout))
    }

    /// Stops gracefully and waits until the server has stopped.
    public func stop(gracePeriod: Duration? = nil) async {
        guard let loop = lock.withLock({ loop }) else { return }
        loop.post(.stop(gracePeriod ?? configuration.shutdownTimeout))
        await loop.stopped.wait()
    }

    /// Returns once the server has stopped (immediately if it never started).
    public func waitUntilStopped() async {
        guard let loop = lock.withLock({ loop }) else { return }
        await loop.stopped.wait()
    }
}
