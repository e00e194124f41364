/// A listener's consumption as the consuming `AMQPWorker` keeps it: set up again after every reconnection.
final class AMQPSubscription: @unchecked Sendable {
    // @unchecked: `channel`, `tags` and `consuming` are only touched by the worker's thread;
    // the rest is immutable, and `ready` is itself thread-safe.
    let id: Int
    let target: ListenTarget
    let prefetch: Int
    let onMessage: @Sendable (IncomingMessage) -> Void
    /// Completed once the queues are first consumed.
    let ready = Promise<Void>()
    /// The server's exclusive queue on the fanout exchange (same name after a reconnection).
    let fanoutQueue: String?

    var channel: UInt16 = 0
    var tags: [String] = []
    var consuming = true

    init(id: Int, target: ListenTarget, prefetch: Int, onMessage: @escaping @Sendable (IncomingMessage) -> Void) {
        self.id = id
        self.target = target
        self.prefetch = prefetch
        self.onMessage = onMessage
        if case .server(_, let topic, _) = target {
            fanoutQueue = Topology.fanoutExchange(topic) + "_" + RPCEnvelope.newId()
        } else {
            fanoutQueue = nil
        }
    }

    var autoAck: Bool { if case .replies = target { true } else { false } }

    /// (queue, exchange, exchange type, routing key, exclusive) for each queue consumed.
    var queues: [(queue: String, exchange: String?, type: String, key: String, exclusive: Bool)] {
        switch target {
        case .server(let ex, let topic, let server):
            let key = Topology.serverKey(topic, server)
            return [(topic, ex, "topic", topic, false), (key, ex, "topic", key, false),
                    (fanoutQueue!, Topology.fanoutExchange(topic), "fanout", topic, true)]
        case .replies(let queue):
            return [(queue, nil, "", "", false)]
        }
    }
}
