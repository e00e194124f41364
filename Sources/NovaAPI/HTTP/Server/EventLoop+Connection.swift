import CLinux
import Common
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The life of one connection on the loop: read, parse, hand over, write, and close or start again.
extension EventLoop {
    func readable(_ conn: HTTPConnection, hangUp: Bool) {
        switch conn.phase {
        case .handling, .writing:
            // Not reading now; a full hang-up means nobody is left to answer. Otherwise stop hearing
            // about input until the response is out (see `process`).
            if hangUp {
                close(conn)
            } else {
                updateInterest(conn)
            }
            return
        case .draining:
            drainInput(conn)
            return
        case .closed:
            return
        case .reading:
            break
        }
        // A few reads per wake-up for fairness; parsing after each one, so reading stops as soon as a
        // request goes to the handler and at most one read's worth of pipelined input waits buffered.
        for _ in 0..<4 {
            let n = Glibc.read(conn.fd, readBuffer.baseAddress, readBuffer.count)
            if n > 0 {
                conn.parser.feed(UnsafeRawBufferPointer(rebasing: readBuffer[0..<n]))
                process(conn, progress: true)
                if conn.phase != .reading || n < readBuffer.count { return }
            } else if n == 0 {
                conn.peerClosed = true
                process(conn, progress: false)
                return
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                return
            } else {
                close(conn)
                return
            }
        }
    }

    /// Parses what is buffered until a request goes to the handler, more bytes are needed, or it fails.
    func process(_ conn: HTTPConnection, progress: Bool) {
        let now = ContinuousClock.now
        while conn.phase == .reading {
            let event: HTTPRequestParser.Event
            do {
                event = try conn.parser.next()
            } catch {
                refuse(conn, error)
                return
            }
            switch event {
            case .needMoreData:
                if conn.peerClosed || (stopping && conn.parser.isIdle) {
                    // Half-closed with nothing complete left to answer, or idle while stopping.
                    close(conn)
                    return
                }
                if conn.parser.isReadingBody {
                    conn.expect(.body, within: configuration.idleTimeout, now: now, restart: progress)
                } else if conn.parser.isIdle && conn.requestsServed > 0 {
                    conn.expect(.idle, within: configuration.idleTimeout, now: now)
                } else {
                    conn.expect(.head, within: configuration.headerTimeout, now: now)
                }
                updateInterest(conn)
                return
            case .head(let head):
                conn.head = head
                conn.expect(.body, within: configuration.idleTimeout, now: now, restart: true)
                // The client waits for this before sending the body, unless some of it is already here.
                if head.expectsContinue && head.hasBody && conn.parser.bufferedByteCount == 0 {
                    conn.output += HTTPResponseEncoder.continueBytes
                    flush(conn)
                }
            case .request(var request):
                request.remoteAddress = conn.remoteAddress
                conn.phase = .handling
                conn.expect(.none, within: nil, now: now)
                // Read interest stays registered: most clients send nothing more until answered, and
                // it is dropped lazily (`readable`) for those that do, saving two epoll_ctl calls a request.
                dispatch(request, to: conn)
                return
            }
        }
    }

    /// A request that cannot be read gets its status and the connection closes: what follows it on
    /// the wire cannot be framed.
    func refuse(_ conn: HTTPConnection, _ error: HTTPParseError) {
        Self.log.debug("\(conn.remoteAddress) sent a bad request (\(error.status)): \(error)")
        let response = HTTPResponseEncoder.errorResponse(
            error, limits: configuration.limits, accept: conn.head?.headers["Accept"])
        send(response, on: conn, method: conn.head?.method ?? "GET", isHTTP10: false, keepAlive: false)
    }

    /// A handler's response, back on the loop thread.
    func complete(_ id: UInt64, _ response: HTTPResponse) {
        guard let conn = connections[id], conn.phase == .handling, let head = conn.head else { return }
        let keepAlive =
            head.keepAlive && configuration.keepAlive && !stopping && !conn.peerClosed
            && !HTTPGrammar.listElements(response.headers.values("Connection")).contains("close")
        send(response, on: conn, method: head.method, isHTTP10: head.isHTTP10, keepAlive: keepAlive)
    }

    func send(_ response: HTTPResponse, on conn: HTTPConnection, method: String, isHTTP10: Bool, keepAlive: Bool) {
        let bytes = HTTPResponseEncoder.encode(
            response, method: method, isHTTP10: isHTTP10, keepAlive: keepAlive, date: date())
        if conn.output.isEmpty { conn.output = bytes } else { conn.output += bytes }
        conn.closeAfterWrite = !keepAlive
        conn.phase = .writing
        conn.head = nil
        conn.requestsServed += 1
        conn.expect(.write, within: configuration.idleTimeout, now: .now, restart: true)
        flush(conn)
    }

    /// Writes what it can; once a response is fully out, closes or moves on to the next request.
    func flush(_ conn: HTTPConnection) {
        while conn.hasPendingOutput {
            let n = conn.output.withUnsafeBytes { bytes in
                Glibc.send(
                    conn.fd, bytes.baseAddress! + conn.outputOffset, bytes.count - conn.outputOffset,
                    Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                conn.outputOffset += n
                if conn.wait == .write {
                    conn.expect(.write, within: configuration.idleTimeout, now: .now, restart: true)
                }
            } else if n < 0 && errno == EINTR {
                continue
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                updateInterest(conn)
                return
            } else {
                close(conn)
                return
            }
        }
        conn.output.removeAll(keepingCapacity: conn.output.capacity <= 65_536)
        conn.outputOffset = 0
        guard conn.phase == .writing else {
            updateInterest(conn)
            return
        }
        if conn.closeAfterWrite {
            linger(conn)
            return
        }
        conn.phase = .reading
        process(conn, progress: false)
    }

    /// Shuts our side and drains the client's leftover input for a while: closing with unread data
    /// would send a reset that can destroy the response before the client reads it.
    func linger(_ conn: HTTPConnection) {
        if conn.peerClosed {
            close(conn)
            return
        }
        shutdown(conn.fd, Int32(SHUT_WR))
        conn.phase = .draining
        conn.expect(.linger, within: configuration.lingerTimeout, now: .now)
        updateInterest(conn)
        drainInput(conn)
    }

    func drainInput(_ conn: HTTPConnection) {
        for _ in 0..<16 {
            let n = Glibc.read(conn.fd, readBuffer.baseAddress, readBuffer.count)
            if n > 0 { continue }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
            close(conn)
            return
        }
    }

    func timedOut(_ conn: HTTPConnection) {
        if conn.wait == .head && !conn.parser.isIdle && conn.phase == .reading && !conn.hasPendingOutput {
            // Best effort, one write: a client this slow may not read it either.
            let bytes = HTTPResponseEncoder.encode(
                HTTPResponseEncoder.plain(408, "The request headers did not arrive in time."), method: "GET",
                isHTTP10: false, keepAlive: false, date: date())
            _ = bytes.withUnsafeBytes { Glibc.send(conn.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
        Self.log.debug("\(conn.remoteAddress) timed out waiting for \(conn.wait); closing")
        close(conn)
    }

    /// Registers the events the connection's phase needs: reading while reading, writing while output
    /// is pending, nothing while the handler works (applied lazily for that phase, see `process`).
    func updateInterest(_ conn: HTTPConnection) {
        let want: UInt32
        switch conn.phase {
        case .reading:
            want = EPOLLIN.rawValue | EPOLLRDHUP.rawValue | (conn.hasPendingOutput ? EPOLLOUT.rawValue : 0)
        case .handling: want = 0
        case .writing: want = conn.hasPendingOutput ? EPOLLOUT.rawValue : 0
        case .draining: want = EPOLLIN.rawValue | EPOLLRDHUP.rawValue
        case .closed: return
        }
        guard want != conn.registered else { return }
        conn.registered = want
        control(EPOLL_CTL_MOD, conn.fd, tag: conn.id, events: want)
    }
}
