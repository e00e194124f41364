/// One client connection, owned by its event loop's thread (never touched from anywhere else).
final class HTTPConnection {
    enum Phase {
        /// Reading (and parsing) the next request.
        case reading
        /// A request is with the handler; nothing more is read until its response is written, which is
        /// what keeps pipelined responses in order and buffering bounded.
        case handling
        /// A response is being written.
        case writing
        /// The last response is out and our side is shut: unread input is drained until the client
        /// closes or `lingerTimeout`.
        case draining
        /// Closed; kept only by code still unwinding.
        case closed
    }

    /// What the current deadline is for, so a head trickled byte by byte does not keep extending it.
    enum Wait: Equatable {
        case none
        case head
        case idle
        case body
        case write
        case linger
    }

    let id: UInt64
    let fd: Int32
    let remoteAddress: String
    var parser: HTTPRequestParser
    var phase: Phase = .reading
    /// The head of the request being read or handled.
    var head: HTTPRequestHead?
    var output: [UInt8] = []
    var outputOffset = 0
    var closeAfterWrite = false
    /// The client shut its side (read returned 0): answer what is complete, then close.
    var peerClosed = false
    var wait: Wait = .none
    var deadline: ContinuousClock.Instant?
    /// The epoll events currently registered, to skip redundant `epoll_ctl` calls.
    var registered: UInt32 = 0
    var requestsServed = 0

    init(id: UInt64, fd: Int32, remoteAddress: String, limits: HTTPParserLimits) {
        self.id = id
        self.fd = fd
        self.remoteAddress = remoteAddress
        self.parser = HTTPRequestParser(limits: limits)
    }

    var hasPendingOutput: Bool { outputOffset < output.count }

    /// Sets the deadline for `wait`, starting now; a wait already running keeps its deadline unless
    /// `restart` (progress on a body or a write restarts the inactivity clock).
    func expect(_ wait: Wait, within: Duration?, now: ContinuousClock.Instant, restart: Bool = false) {
        guard wait != self.wait || restart else { return }
        self.wait = wait
        deadline = within.map { now + $0 }
    }
}
