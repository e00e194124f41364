import Common

/// Where and how the HTTP server listens, and how long it waits for clients.
public struct HTTPServerConfiguration: Sendable {
    /// An IPv4 or IPv6 address to bind (`0.0.0.0`, `::`, `127.0.0.1`).
    public var host: String
    /// 0 picks a free port (tests); `HTTPServer.port` tells which.
    public var port: Int
    public var backlog: Int32 = 1024
    /// SO_REUSEPORT, so several worker processes can listen on one port and the kernel spreads
    /// connections over them.
    public var reusePort: Bool = true
    public var limits: HTTPParserLimits = HTTPParserLimits()
    /// From the first byte of a request (or from accepting the connection) to the end of its headers.
    public var headerTimeout: Duration = .seconds(60)
    /// Idle keep-alive connections, and stalled body reads and response writes, are closed after this;
    /// nil waits forever (`client_socket_timeout = 0`).
    public var idleTimeout: Duration? = .seconds(900)
    /// When false, every response closes its connection (`[wsgi] keep_alive`).
    public var keepAlive: Bool = true
    /// Connections held open at once; further clients wait in the listen backlog.
    public var maxConnections: Int = 1000
    /// TCP_KEEPIDLE for accepted sockets (SO_KEEPALIVE on); nil leaves the kernel's settings.
    public var tcpKeepIdle: Int? = 600
    /// How long a closing connection's unread input is drained, so the client sees the response
    /// rather than a reset.
    public var lingerTimeout: Duration = .seconds(2)
    /// How long a graceful stop waits for requests in flight; nil waits for as long as they take.
    public var shutdownTimeout: Duration? = .seconds(60)

    public init(host: String = "0.0.0.0", port: Int = 8774) {
        self.host = host
        self.port = port
    }

    /// A server on 127.0.0.1, on a free port unless one is given: tests.
    public static func loopback(port: Int = 0) -> HTTPServerConfiguration {
        HTTPServerConfiguration(host: "127.0.0.1", port: port)
    }

    /// nova-api's server from `[DEFAULT] osapi_compute_listen(_port)`, `[wsgi]`, `[api]
    /// max_request_body_size` and `[DEFAULT] graceful_shutdown_timeout`.
    public init(config: Config) {
        self.init(host: config[APIServerOptions.listen], port: config[APIServerOptions.listenPort])
        let headerLine = config[APIServerOptions.maxHeaderLine]
        limits = HTTPParserLimits(
            maxRequestLineLength: headerLine, maxHeaderLineLength: headerLine,
            maxHeaderBytes: max(65_536, 4 * headerLine), maxBodySize: config[APIServerOptions.maxRequestBodySize])
        headerTimeout = .seconds(config[APIServerOptions.headerTimeout])
        let idle = config[APIServerOptions.clientSocketTimeout]
        idleTimeout = idle == 0 ? nil : .seconds(idle)
        keepAlive = config[APIServerOptions.keepAlive]
        maxConnections = config[APIServerOptions.defaultPoolSize]
        tcpKeepIdle = config[APIServerOptions.tcpKeepIdle]
        let grace = config[CommonOptions.gracefulShutdownTimeout]
        shutdownTimeout = grace == 0 ? nil : .seconds(grace)
    }
}
