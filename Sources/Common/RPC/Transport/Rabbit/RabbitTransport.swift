import Foundation

/// `rabbit://`: the RPC transport on RabbitMQ through librabbitmq. One connection and thread publishes,
/// another consumes (and acknowledges); async callers hand them work and await the outcome.
public final class RabbitTransport: Transport {
    public let url: TransportURL
    public let replies = ReplyRouter()
    private let publisher: AMQPWorker
    private let consumer: AMQPWorker
    private let closed = ClosedFlag()
    private let ids = Counter()

    /// `heartbeatThreshold` (seconds, 0 for none): a connection silent for that long is considered dead
    /// at both ends (AMQP heartbeats every half of it), so a peer cut off the network is noticed.
    public init(url: TransportURL, heartbeatThreshold: Int = 0) {
        self.url = url
        let heartbeat = Int32(clamping: Self.heartbeatInterval(threshold: heartbeatThreshold))
        publisher = AMQPWorker(role: "publisher", url: url, heartbeat: heartbeat)
        consumer = AMQPWorker(role: "consumer", url: url, heartbeat: heartbeat)
    }

    /// The heartbeat interval asked of the broker for a threshold (0: none): a beat every half of it, so
    /// librabbitmq (dead after two missed beats) and the broker both give up after about the threshold.
    public static func heartbeatInterval(threshold: Int) -> Int {
        threshold <= 0 ? 0 : max(1, threshold / 2)
    }

    deinit {
        // Without shutdown() the worker threads would run on, each holding its own worker alive.
        publisher.stop()
        consumer.stop()
    }

    public func send(_ message: OutgoingMessage, deadline: ContinuousClock.Instant) async throws {
        guard !closed.isClosed else { throw TransportClosed() }
        let done = Promise<Void>()
        publisher.submit(.publish(message, done))
        do {
            try await done.wait(until: deadline)
        } catch {
            done.fail(error)  // the worker then skips it rather than publishing it late
            throw error
        }
    }

    public func listen(_ target: ListenTarget, prefetch: Int,
                       onMessage: @escaping @Sendable (IncomingMessage) -> Void) -> any TransportListener {
        let sub = AMQPSubscription(id: ids.next(), target: target, prefetch: prefetch, onMessage: onMessage)
        consumer.submit(.subscribe(sub))
        return RabbitListener(worker: consumer, subscription: sub)
    }

    public func shutdown() async {
        guard !closed.isClosed else { return }
        closed.close()
        replies.failAll(TransportClosed())
        publisher.stop()
        consumer.stop()
        try? await publisher.finished.wait()
        try? await consumer.finished.wait()
    }
}

final class RabbitListener: TransportListener {
    let worker: AMQPWorker
    let subscription: AMQPSubscription

    init(worker: AMQPWorker, subscription: AMQPSubscription) {
        self.worker = worker
        self.subscription = subscription
    }

    func waitReady(until deadline: ContinuousClock.Instant?) async throws {
        try await subscription.ready.wait(until: deadline)
    }

    func stopConsuming() async {
        let p = Promise<Void>()
        worker.submit(.stopConsuming(subscription, p))
        try? await p.wait()
    }

    func close() async {
        let p = Promise<Void>()
        worker.submit(.close(subscription, p))
        try? await p.wait()
    }
}

/// Increasing ids, from any thread.
final class Counter: @unchecked Sendable {
    // @unchecked: `value` is only touched while holding `lock`.
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.withLock { value += 1; return value } }
}
