import CLinux
import Common
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One thread, one epoll set: accepts connections, reads and parses requests, hands each complete one
/// to the async handler, and writes the responses that come back through the mailbox. An idle or slow
/// client costs a few hundred bytes and no thread, so thousands of them cannot starve a fast one.
final class EventLoop: @unchecked Sendable {
    // @unchecked: `mailbox`, `closed` and `connectionCount` are only touched while holding `lock`; every other mutable
    // field is touched only by the loop's own thread (`run` and what it calls), which `start` creates.
    enum Message {
        case response(UInt64, HTTPResponse)
        case stop(Duration?)
    }

    static let listenerTag: UInt64 = 0
    static let wakeTag: UInt64 = 1
    static let log = Logger("nova.api.server")
    static let readSize = 65_536

    let configuration: HTTPServerConfiguration
    let handler: any HTTPHandler
    let stopped = Latch()
    private let epfd: Int32
    private let wakeFD: Int32
    private var listenFD: Int32
    private let lock = NSLock()
    private var mailbox: [Message] = []
    private var closed = false
    private var connectionCount = 0

    var connections: [UInt64: HTTPConnection] = [:]
    private var nextId: UInt64 = 2
    private var inFlight = 0
    private var acceptPaused = false
    private(set) var stopping = false
    private var stopDeadline: ContinuousClock.Instant?
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: EventLoop.readSize, alignment: 16)
    private var dateCache: (second: Int, text: String) = (-1, "")
    private var nextSweep = ContinuousClock.now
    private let sweepInterval: Duration

    init(listenFD: Int32, configuration: HTTPServerConfiguration, handler: any HTTPHandler) throws(HTTPServerError) {
        self.listenFD = listenFD
        self.configuration = configuration
        self.handler = handler
        epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        let shortest = min(configuration.headerTimeout, configuration.idleTimeout ?? configuration.headerTimeout)
        sweepInterval = max(.milliseconds(10), min(.seconds(1), shortest / 4))
        guard epfd >= 0, wakeFD >= 0 else {
            let e = HTTPServerError.socket(
                operation: "set up epoll for", host: configuration.host, port: configuration.port, errno: errno)
            if epfd >= 0 { Glibc.close(epfd) }
            if wakeFD >= 0 { Glibc.close(wakeFD) }
            throw e
        }
        control(EPOLL_CTL_ADD, listenFD, tag: Self.listenerTag, events: EPOLLIN.rawValue)
        control(EPOLL_CTL_ADD, wakeFD, tag: Self.wakeTag, events: EPOLLIN.rawValue)
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "http-loop"
        thread.start()
    }

    /// Connections open right now (for tests and operators; read from any thread).
    var openConnections: Int { lock.withLock { connectionCount } }

    /// Hands a message to the loop thread; after the loop has ended, messages are dropped.
    func post(_ message: Message) {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        let wasEmpty = mailbox.isEmpty
        mailbox.append(message)
        // Written under the lock so the descriptor cannot be closed (and reused) in between.
        if wasEmpty {
            var one: UInt64 = 1
            _ = Glibc.write(wakeFD, &one, 8)
        }
    }

    // MARK: the thread

    private func run() {
        let capacity = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        while true {
            let n = epoll_wait(epfd, events, Int32(capacity), timeoutMilliseconds())
            if n < 0 && errno != EINTR {
                Self.log.error("epoll_wait failed: \(String(cString: strerror(errno))); the server stops")
                break
            }
            for i in 0..<max(0, Int(n)) { handle(events[i]) }
            drainMailbox()
            sweepIfDue()
            if stopping && (connections.isEmpty && inFlight == 0 || stopDeadline.map { .now >= $0 } == true) { break }
        }
        teardown()
    }

    private func timeoutMilliseconds() -> Int32 {
        let now = ContinuousClock.now
        var until = nextSweep
        if let d = stopDeadline, d < until { until = d }
        guard until > now else { return 0 }
        let (s, atto) = (until - now).components
        return Int32(clamping: s * 1000 + atto / 1_000_000_000_000_000 + 1)
    }

    private func handle(_ event: epoll_event) {
        switch event.data.u64 {
        case Self.listenerTag:
            acceptAll()
        case Self.wakeTag:
            var value: UInt64 = 0
            _ = Glibc.read(wakeFD, &value, 8)
        case let tag:
            guard let conn = connections[tag] else { return }
            let e = event.events
            if e & EPOLLERR.rawValue != 0 {
                close(conn)
                return
            }
            if e & EPOLLOUT.rawValue != 0 { flush(conn) }
            if e & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue) != 0 {
                readable(conn, hangUp: e & EPOLLHUP.rawValue != 0)
            }
        }
    }

    private func drainMailbox() {
        let messages = lock.withLock { () -> [Message] in
            defer { mailbox = [] }
            return mailbox
        }
        for message in messages {
            switch message {
            case .response(let id, let response):
                inFlight -= 1
                complete(id, response)
            case .stop(let grace):
                beginStop(grace)
            }
        }
    }

    // MARK: accepting

    private func acceptAll() {
        while connections.count < configuration.maxConnections {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    accept4(listenFD, $0, &length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
                }
            }
            if fd < 0 {
                switch errno {
                case EAGAIN, EWOULDBLOCK: return
                case EINTR, ECONNABORTED, EPROTO: continue
                default:
                    // Out of descriptors or memory: stop accepting until a sweep, rather than spin.
                    Self.log.error("accept failed: \(String(cString: strerror(errno)))")
                    pauseAccepting()
                    return
                }
            }
            SocketAddress.configureAccepted(fd, keepIdle: configuration.tcpKeepIdle)
            let conn = HTTPConnection(
                id: nextId, fd: fd, remoteAddress: SocketAddress.text(storage), limits: configuration.limits)
            nextId += 1
            conn.expect(.head, within: configuration.headerTimeout, now: .now)
            connections[conn.id] = conn
            lock.withLock { connectionCount = connections.count }
            conn.registered = EPOLLIN.rawValue | EPOLLRDHUP.rawValue
            control(EPOLL_CTL_ADD, fd, tag: conn.id, events: conn.registered)
        }
        pauseAccepting()
    }

    private func pauseAccepting() {
        guard !acceptPaused, listenFD >= 0 else { return }
        acceptPaused = true
        control(EPOLL_CTL_MOD, listenFD, tag: Self.listenerTag, events: 0)
    }

    private func resumeAccepting() {
        guard acceptPaused, listenFD >= 0, !stopping, connections.count < configuration.maxConnections else { return }
        acceptPaused = false
        control(EPOLL_CTL_MOD, listenFD, tag: Self.listenerTag, events: EPOLLIN.rawValue)
    }

    // MARK: timers, stop

    private func sweepIfDue() {
        let now = ContinuousClock.now
        guard now >= nextSweep else { return }
        nextSweep = now + sweepInterval
        for conn in Array(connections.values) {
            if let deadline = conn.deadline, deadline <= now { timedOut(conn) }
        }
        resumeAccepting()
    }

    private func beginStop(_ grace: Duration?) {
        guard !stopping else { return }
        stopping = true
        stopDeadline = grace.map { .now + $0 }
        if listenFD >= 0 {
            control(EPOLL_CTL_DEL, listenFD, tag: Self.listenerTag, events: 0)
            Glibc.close(listenFD)
            listenFD = -1
        }
        for conn in Array(connections.values)
        where conn.phase == .reading && conn.parser.isIdle && !conn.hasPendingOutput {
            close(conn)
        }
    }

    private func teardown() {
        for conn in connections.values { Glibc.close(conn.fd) }
        connections = [:]
        if listenFD >= 0 { Glibc.close(listenFD) }
        lock.withLock {
            closed = true
            connectionCount = 0
            mailbox = []
            Glibc.close(wakeFD)
        }
        Glibc.close(epfd)
        readBuffer.deallocate()
        stopped.open()
    }

    // MARK: helpers

    func control(_ op: Int32, _ fd: Int32, tag: UInt64, events: UInt32) {
        var event = epoll_event()
        event.events = events
        event.data.u64 = tag
        _ = epoll_ctl(epfd, op, fd, &event)
    }

    func dispatch(_ request: HTTPRequest, to conn: HTTPConnection) {
        inFlight += 1
        let id = conn.id
        let handler = self.handler
        Task {
            let response = await handler.handle(request)
            self.post(.response(id, response))
        }
    }

    func close(_ conn: HTTPConnection) {
        guard conn.phase != .closed else { return }
        conn.phase = .closed
        Glibc.close(conn.fd)
        connections[conn.id] = nil
        lock.withLock { connectionCount = connections.count }
        resumeAccepting()
    }

    /// The Date header value, formatted once a second.
    func date() -> String {
        let now = Int(time(nil))
        if now != dateCache.second { dateCache = (now, HTTPResponseEncoder.httpDate(now)) }
        return dateCache.text
    }
}
