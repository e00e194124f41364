import CLinux
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A thread that alone owns one AMQP connection: it publishes, consumes and acknowledges on behalf of
/// async callers, and on broker loss reconnects with backoff and sets its subscriptions up again.
final class AMQPWorker: @unchecked Sendable {
    // @unchecked: `inbox`, `stopRequested` are only touched while holding `lock`; every other mutable
    // field is touched only by the worker's own thread (`run` and what it calls).
    enum Command {
        case publish(OutgoingMessage, Promise<Void>)
        case subscribe(AMQPSubscription)
        case stopConsuming(AMQPSubscription, Promise<Void>)
        case close(AMQPSubscription, Promise<Void>)
        case ack(generation: Int, channel: UInt16, tag: UInt64)
    }

    let role: String
    let url: TransportURL
    /// Seconds between AMQP heartbeats asked of the broker (0: none).
    let heartbeat: Int32
    let finished = Promise<Void>()
    private let lock = NSLock()
    private var inbox: [Command] = []
    private var stopRequested = false
    let wakeFD: Int32
    static let log = Logger("oslo.messaging._drivers.impl_rabbit")
    static let publishChannel: UInt16 = 1

    var conn: AMQPConnection?
    var generation = 0
    var publishes: [(OutgoingMessage, Promise<Void>)] = []
    var subs: [Int: AMQPSubscription] = [:]
    var byTag: [String: AMQPSubscription] = [:]
    var openChannels: Set<UInt16> = []
    var declared: Set<String> = []
    var hostIndex = 0
    var failures = 0
    var outage = false
    var retryAt = ContinuousClock.now

    init(role: String, url: TransportURL, heartbeat: Int32 = 0) {
        self.role = role
        self.url = url
        self.heartbeat = heartbeat
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        let t = Thread { [self] in run() }
        t.name = "amqp-\(role)"
        t.start()
    }

    deinit { close(wakeFD) }

    func submit(_ c: Command) {
        lock.withLock { inbox.append(c) }
        wake()
    }

    func stop() {
        lock.withLock { stopRequested = true }
        wake()
    }

    private func wake() {
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    // MARK: the thread

    private func run() {
        while true {
            let (cmds, stopping) = lock.withLock { () -> ([Command], Bool) in
                defer { inbox = [] }
                return (inbox, stopRequested)
            }
            if stopping {
                finish(pending: cmds)
                return
            }
            do {
                for c in cmds { try accept(c) }
                if conn == nil { connectIfDue() }
                if conn != nil {
                    try flushPublishes()
                    try readIncoming()
                }
            } catch {
                lost(error)
            }
            waitForWork()
        }
    }

    private func accept(_ c: Command) throws {
        switch c {
        case .publish(let m, let p):
            publishes.append((m, p))
        case .subscribe(let s):
            subs[s.id] = s
            if conn != nil { try setUp(s) }
        case .stopConsuming(let s, let p):
            defer { p.succeed(()) }
            s.consuming = false
            if let conn, openChannels.contains(s.channel) {
                for t in s.tags { try conn.cancel(s.channel, tag: t) }
            }
        case .close(let s, let p):
            defer { p.succeed(()) }
            s.consuming = false
            subs[s.id] = nil
            for t in s.tags { byTag[t] = nil }
            if let conn, openChannels.contains(s.channel) {
                if let q = s.fanoutQueue { try conn.deleteQueue(s.channel, q) }
                openChannels.remove(s.channel)
                try conn.closeChannel(s.channel)
            }
        case .ack(let gen, let ch, let tag):
            // A delivery tag of an earlier connection means nothing now: the broker requeued that message.
            if gen == generation, let conn, openChannels.contains(ch) { try conn.ack(ch, tag) }
        }
    }

    private func flushPublishes() throws {
        guard let conn else { return }
        while let (m, p) = publishes.first {
            if p.isDone {  // its sender gave up (deadline): do not publish it late
                publishes.removeFirst()
                continue
            }
            let (exchange, key) = try route(m.destination, conn)
            try conn.publish(Self.publishChannel, exchange: exchange, key: key, body: m.body, expiration: m.expiration)
            publishes.removeFirst()
            p.succeed(())
        }
    }

    /// The exchange and routing key of a destination, declaring what a publisher must (once per connection).
    private func route(_ d: RPCDestination, _ conn: AMQPConnection) throws -> (String, String) {
        let ch = Self.publishChannel
        switch d {
        case .topic(let ex, let topic):
            if declared.insert("q\u{0}\(ex)\u{0}\(topic)").inserted {
                try conn.declareExchange(ch, ex, type: "topic")
                // Publishers declare the shared queue too, so a cast waits for a server that starts later.
                try conn.declareQueue(ch, topic, exclusive: false, autoDelete: false)
                try conn.bindQueue(ch, topic, exchange: ex, key: topic)
            }
            return (ex, topic)
        case .server(let ex, let topic, let server):
            if declared.insert("x\u{0}\(ex)").inserted { try conn.declareExchange(ch, ex, type: "topic") }
            return (ex, Topology.serverKey(topic, server))
        case .fanout(let topic):
            let ex = Topology.fanoutExchange(topic)
            if declared.insert("x\u{0}\(ex)").inserted { try conn.declareExchange(ch, ex, type: "fanout") }
            return (ex, topic)
        case .reply(let queue):
            return ("", queue)
        }
    }

    func setUp(_ s: AMQPSubscription) throws {
        guard let conn, s.consuming else { return }
        let ch = (UInt16(2)...UInt16(2000)).first { !openChannels.contains($0) } ?? 2000
        try conn.openChannel(ch)
        openChannels.insert(ch)
        s.channel = ch
        s.tags = []
        if !s.autoAck { try conn.qos(ch, prefetch: s.prefetch) }
        for (i, q) in s.queues.enumerated() {
            if let ex = q.exchange {
                try conn.declareExchange(ch, ex, type: q.type)
                try conn.declareQueue(ch, q.queue, exclusive: q.exclusive, autoDelete: q.exclusive)
                try conn.bindQueue(ch, q.queue, exchange: ex, key: q.key)
            } else {
                // Reply queues outlive a connection loss (replies sent meanwhile wait), expiring when unused.
                try conn.declareQueue(ch, q.queue, exclusive: false, autoDelete: false, expiresMs: 1_800_000)
            }
            let tag = "\(s.id).\(i).\(generation)"
            try conn.consume(ch, queue: q.queue, tag: tag, noAck: s.autoAck)
            s.tags.append(tag)
            byTag[tag] = s
        }
        s.ready.succeed(())
    }

    private func readIncoming() throws {
        for _ in 0..<512 {
            guard let conn else { return }
            switch try conn.next() {
            case .nothing: return
            case .handled: continue
            case .delivery(let ch, let consumerTag, let tag, let redelivered, let body):
                guard let s = byTag[consumerTag], s.consuming else { continue }
                let gen = generation
                var ackFn: @Sendable () -> Void = {}
                if !s.autoAck {
                    ackFn = { [weak self] in self?.submit(.ack(generation: gen, channel: ch, tag: tag)) }
                }
                s.onMessage(IncomingMessage(body: body, redelivered: redelivered, acknowledge: ackFn))
            }
        }
    }
}
