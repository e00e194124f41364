import Foundation

/// An in-process message broker with RabbitMQ's semantics for what the RPC layer uses: queues that keep
/// messages until consumed, competing consumers taking turns, per-consumer prefetch, requeue on close,
/// topic bindings and fanout exchanges. Transports made on the same broker talk to each other.
public final class FakeBroker: @unchecked Sendable {
    // @unchecked: all mutable state is only touched while holding `lock`; consumer callbacks run outside it.
    struct Message {
        let body: [UInt8]
        let expires: ContinuousClock.Instant?
        var redelivered = false
    }

    // @unchecked: the mutable fields are only touched while holding the broker's lock.
    final class Consumer: @unchecked Sendable {
        let id: Int
        let prefetch: Int
        let autoAck: Bool
        let onMessage: @Sendable (IncomingMessage) -> Void
        var active = true
        var unacked: [Int: (queue: String, message: Message)] = [:]
        init(id: Int, prefetch: Int, autoAck: Bool, onMessage: @escaping @Sendable (IncomingMessage) -> Void) {
            self.id = id
            self.prefetch = prefetch
            self.autoAck = autoAck
            self.onMessage = onMessage
        }
    }

    final class Queue {
        var messages: [Message] = []
        var consumers: [Consumer] = []
        var next = 0
    }

    private let lock = NSLock()
    private var queues: [String: Queue] = [:]
    /// (exchange, routing key) → queue names; fanout exchange → queue names.
    private var bindings: [String: Set<String>] = [:]
    private var fanouts: [String: Set<String>] = [:]
    private var nextId = 0

    public init() {}

    private static let registry = NamedBrokers()

    /// The broker shared by every `fake://` transport of this process with the same virtual host.
    public static func named(_ name: String) -> FakeBroker { registry.broker(name) }

    // MARK: topology (callers hold no lock)

    func declareQueue(_ name: String, bindTo exchange: String?, key: String?, fanout: String? = nil) {
        lock.withLock {
            if queues[name] == nil { queues[name] = Queue() }
            if let exchange, let key { bindings[exchange + "\u{0}" + key, default: []].insert(name) }
            if let fanout { fanouts[fanout, default: []].insert(name) }
        }
    }

    func deleteQueue(_ name: String) {
        lock.withLock {
            queues[name] = nil
            for k in bindings.keys { bindings[k]?.remove(name) }
            for k in fanouts.keys { fanouts[k]?.remove(name) }
        }
    }

    // MARK: messages

    func publish(_ msg: OutgoingMessage) {
        let m = Message(body: msg.body, expires: msg.expiration.map { ContinuousClock.now + $0 })
        var touched: [String] = []
        lock.withLock {
            let names: Set<String>
            switch msg.destination {
            case .topic(let ex, let topic):
                // Publishers declare the shared topic queue, so a cast waits for a server that starts later.
                if queues[topic] == nil { queues[topic] = Queue() }
                bindings[ex + "\u{0}" + topic, default: []].insert(topic)
                names = bindings[ex + "\u{0}" + topic] ?? []
            case .server(let ex, let topic, let server):
                names = bindings[ex + "\u{0}" + Topology.serverKey(topic, server)] ?? []
            case .fanout(let topic):
                names = fanouts[Topology.fanoutExchange(topic)] ?? []
            case .reply(let queue):
                names = queues[queue] == nil ? [] : [queue]
            }
            for n in names { queues[n]?.messages.append(m); touched.append(n) }
        }
        for n in touched { pump(n) }
    }

    func addConsumer(queues names: [String], prefetch: Int, autoAck: Bool,
                     onMessage: @escaping @Sendable (IncomingMessage) -> Void) -> Consumer {
        let c = lock.withLock { () -> Consumer in
            nextId += 1
            let c = Consumer(id: nextId, prefetch: prefetch, autoAck: autoAck, onMessage: onMessage)
            for n in names { queues[n]?.consumers.append(c) }
            return c
        }
        for n in names { pump(n) }
        return c
    }

    func deactivate(_ c: Consumer) { lock.withLock { c.active = false } }

    /// Removes the consumer; its unacknowledged messages go back to the head of their queues.
    func removeConsumer(_ c: Consumer) {
        var touched: Set<String> = []
        lock.withLock {
            c.active = false
            for q in queues.values { q.consumers.removeAll { $0 === c } }
            for (_, u) in c.unacked.sorted(by: { $0.key > $1.key }) {
                var m = u.message
                m.redelivered = true
                queues[u.queue]?.messages.insert(m, at: 0)
                touched.insert(u.queue)
            }
            c.unacked = [:]
        }
        for n in touched { pump(n) }
    }

    private func ack(_ c: Consumer, _ tag: Int) {
        let q = lock.withLock { c.unacked.removeValue(forKey: tag)?.queue }
        if let q { pump(q) }
    }

    /// Hands queued messages to consumers with room under their prefetch, in turn.
    private func pump(_ name: String) {
        var out: [(Consumer, IncomingMessage)] = []
        lock.withLock {
            guard let q = queues[name] else { return }
            let now = ContinuousClock.now
            while !q.messages.isEmpty, let i = nextReady(q) {
                q.next = (i + 1) % q.consumers.count
                let m = q.messages.removeFirst()
                if let e = m.expires, e < now { continue }
                let c = q.consumers[i]
                nextId += 1
                let tag = nextId
                var ackFn: @Sendable () -> Void = {}
                if !c.autoAck {
                    c.unacked[tag] = (name, m)
                    ackFn = { [weak self] in self?.ack(c, tag) }
                }
                out.append((c, IncomingMessage(body: m.body, redelivered: m.redelivered, acknowledge: ackFn)))
            }
        }
        for (c, m) in out { c.onMessage(m) }
    }

    /// The index of the next consumer (round-robin) that may take a message; caller holds `lock`.
    private func nextReady(_ q: Queue) -> Int? {
        let n = q.consumers.count
        for k in 0..<n {
            let i = (q.next + k) % n
            let c = q.consumers[i]
            if c.active && (c.autoAck || c.prefetch <= 0 || c.unacked.count < c.prefetch) { return i }
        }
        return nil
    }
}

/// The process-wide `fake://<vhost>` brokers.
private final class NamedBrokers: @unchecked Sendable {
    // @unchecked: `brokers` is only touched while holding `lock`.
    private let lock = NSLock()
    private var brokers: [String: FakeBroker] = [:]

    func broker(_ name: String) -> FakeBroker {
        lock.withLock {
            if let b = brokers[name] { return b }
            let b = FakeBroker()
            brokers[name] = b
            return b
        }
    }
}
