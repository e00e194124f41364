import Foundation

/// `fake://`: the RPC transport on an in-process `FakeBroker` (unit tests, single-process simulation).
public final class FakeTransport: Transport {
    public let broker: FakeBroker
    public let replies = ReplyRouter()
    private let state = ClosedFlag()

    public init(broker: FakeBroker = FakeBroker()) { self.broker = broker }

    public func send(_ message: OutgoingMessage, deadline: ContinuousClock.Instant) async throws {
        guard !state.isClosed else { throw TransportClosed() }
        broker.publish(message)
    }

    public func listen(_ target: ListenTarget, prefetch: Int,
                       onMessage: @escaping @Sendable (IncomingMessage) -> Void) -> any TransportListener {
        var names: [String] = []
        var exclusive: String?
        switch target {
        case .server(let ex, let topic, let server):
            let key = Topology.serverKey(topic, server)
            let fanoutQueue = Topology.fanoutExchange(topic) + "_" + RPCEnvelope.newId()
            broker.declareQueue(topic, bindTo: ex, key: topic)
            broker.declareQueue(key, bindTo: ex, key: key)
            broker.declareQueue(fanoutQueue, bindTo: nil, key: nil, fanout: Topology.fanoutExchange(topic))
            names = [topic, key, fanoutQueue]
            exclusive = fanoutQueue
        case .replies(let queue):
            broker.declareQueue(queue, bindTo: nil, key: nil)
            names = [queue]
        }
        let autoAck = if case .replies = target { true } else { false }
        let consumer = broker.addConsumer(queues: names, prefetch: prefetch, autoAck: autoAck, onMessage: onMessage)
        return FakeListener(broker: broker, consumer: consumer, exclusiveQueue: exclusive)
    }

    public func shutdown() async {
        state.close()
        replies.failAll(TransportClosed())
        await replies.close()
    }
}

final class FakeListener: TransportListener {
    let broker: FakeBroker
    let consumer: FakeBroker.Consumer
    let exclusiveQueue: String?

    init(broker: FakeBroker, consumer: FakeBroker.Consumer, exclusiveQueue: String?) {
        self.broker = broker
        self.consumer = consumer
        self.exclusiveQueue = exclusiveQueue
    }

    func waitReady(until deadline: ContinuousClock.Instant?) async throws {}

    func stopConsuming() async { broker.deactivate(consumer) }

    func close() async {
        broker.removeConsumer(consumer)
        if let q = exclusiveQueue { broker.deleteQueue(q) }
    }
}

/// A flag set once, read from any thread.
final class ClosedFlag: @unchecked Sendable {
    // @unchecked: `closed` is only touched while holding `lock`.
    private let lock = NSLock()
    private var closed = false
    var isClosed: Bool { lock.withLock { closed } }
    func close() { lock.withLock { closed = true } }
}
