import CLinux
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Connecting, losing the connection, backing off, waiting for work, and the final close.
extension AMQPWorker {
    static let maxBackoff: Duration = .seconds(10)

    func connectIfDue() {
        guard ContinuousClock.now >= retryAt, !url.hosts.isEmpty else { return }
        let host = url.hosts[hostIndex % url.hosts.count]
        do {
            let c = try AMQPConnection(host: host, vhost: url.virtualHost, heartbeat: heartbeat)
            conn = c
            generation += 1
            declared = []
            openChannels = []
            byTag = [:]
            try c.openChannel(Self.publishChannel)
            openChannels.insert(Self.publishChannel)
            for s in subs.values.sorted(by: { $0.id < $1.id }) { try setUp(s) }
            if outage {
                Self.log.info("Reconnected to AMQP server on \(host) (\(role))")
            } else {
                Self.log.debug("Connected to AMQP server on \(host) (\(role))")
            }
            outage = false
            failures = 0
        } catch {
            dropConnection()
            failures += 1
            hostIndex += 1
            let delay = min(Duration.milliseconds(250) * (1 << min(failures - 1, 8)), Self.maxBackoff)
            retryAt = ContinuousClock.now + delay
            if !outage {
                Self.log.error("AMQP server on \(host) is unreachable: \(error). Trying again with backoff "
                               + "(up to \(Self.maxBackoff)) (\(role))")
                outage = true
            } else {
                Self.log.debug("AMQP server on \(host) still unreachable: \(error); next try in \(delay)")
            }
        }
    }

    /// The connection failed: forget it and reconnect at once (then with backoff). Logged once per outage.
    func lost(_ error: any Error) {
        if !outage {
            let where_ = conn.map { "\($0.host)" } ?? "?"
            Self.log.error("Lost connection to AMQP server on \(where_): \(error). Reconnecting (\(role))")
            outage = true
        }
        dropConnection()
        retryAt = ContinuousClock.now
    }

    func dropConnection() {
        conn?.markDead()
        conn = nil
        openChannels = []
        byTag = [:]
        for s in subs.values {
            s.channel = 0
            s.tags = []
        }
    }

    /// Sleeps until a command arrives, the socket has data, or a reconnection is due. Connected, it wakes at
    /// least twice per heartbeat interval: the reads after each wake send our beats and notice missed ones.
    func waitForWork() {
        if let conn, conn.hasBufferedInput { return }
        var fds = [pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: conn?.socketFD ?? -1, events: Int16(POLLIN), revents: 0)]
        var timeoutMs: Int32 = heartbeat > 0 ? min(1000, heartbeat * 500) : 1000
        if conn == nil {
            let left = retryAt - ContinuousClock.now
            timeoutMs = Int32(max(0, min(1000, left.components.seconds * 1000
                + left.components.attoseconds / 1_000_000_000_000_000)))
        } else if !publishes.isEmpty {
            timeoutMs = 0
        }
        _ = poll(&fds, 2, timeoutMs)
        if fds[0].revents != 0 {
            var v: UInt64 = 0
            _ = read(wakeFD, &v, 8)
        }
    }

    func finish(pending: [Command]) {
        for c in pending {
            switch c {
            case .publish(_, let p): p.fail(TransportClosed())
            case .stopConsuming(_, let p), .close(_, let p): p.succeed(())
            case .subscribe(let s): s.ready.fail(TransportClosed())
            case .ack: break
            }
        }
        for (_, p) in publishes { p.fail(TransportClosed()) }
        publishes = []
        for s in subs.values { s.ready.fail(TransportClosed()) }
        subs = [:]
        conn = nil
        finished.succeed(())
    }
}
