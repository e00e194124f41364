/// Where a message is published, in the terms of oslo.messaging's rabbit driver.
public enum RPCDestination: Sendable, Hashable {
    /// The shared queue `<topic>` on the topic exchange: one of the topic's servers takes it.
    case topic(exchange: String, topic: String)
    /// The queue `<topic>.<server>`: that server only.
    case server(exchange: String, topic: String, server: String)
    /// The fanout exchange `<topic>_fanout`: every server of the topic.
    case fanout(topic: String)
    /// A caller's reply queue, through the default exchange.
    case reply(queue: String)
}

/// What a listener consumes.
public enum ListenTarget: Sendable, Hashable {
    /// An RPC server: the queues `<topic>`, `<topic>.<server>` and an exclusive queue on `<topic>_fanout`.
    case server(exchange: String, topic: String, server: String)
    /// A client process's reply queue (consumed without acknowledgements).
    case replies(queue: String)
}

/// A message handed to a transport.
public struct OutgoingMessage: Sendable {
    public var body: [UInt8]
    public var destination: RPCDestination
    /// Dropped by the broker when not consumed within this time (calls expire with their timeout, as in oslo).
    public var expiration: Duration?

    public init(body: [UInt8], destination: RPCDestination, expiration: Duration? = nil) {
        self.body = body
        self.destination = destination
        self.expiration = expiration
    }
}

/// A message delivered to a listener. It stays the consumer's (and counts against prefetch) until `ack()`.
public struct IncomingMessage: Sendable {
    public let body: [UInt8]
    public let redelivered: Bool
    private let acknowledge: @Sendable () -> Void

    public init(body: [UInt8], redelivered: Bool, acknowledge: @escaping @Sendable () -> Void) {
        self.body = body
        self.redelivered = redelivered
        self.acknowledge = acknowledge
    }

    /// Tells the broker the message was taken; without it the message returns to its queue when the listener closes.
    public func ack() { acknowledge() }
}

/// A subscription made by `Transport.listen`.
public protocol TransportListener: AnyObject, Sendable {
    /// Returns once the queues are declared and consumed (or throws past `deadline`).
    func waitReady(until deadline: ContinuousClock.Instant?) async throws
    /// No more deliveries; messages already delivered may still be acknowledged.
    func stopConsuming() async
    /// Ends the subscription: delivered but unacknowledged messages go back to their queues.
    func close() async
}

/// The message bus under the RPC layer: `RabbitTransport` (AMQP 0-9-1) or `FakeTransport` (in-process).
public protocol Transport: AnyObject, Sendable {
    /// The process's reply queue and its waiting calls (one per transport).
    var replies: ReplyRouter { get }
    /// Publishes a message; waits while the broker is unreachable, and throws past `deadline`.
    func send(_ message: OutgoingMessage, deadline: ContinuousClock.Instant) async throws
    /// Subscribes; `onMessage` runs on a transport thread and must return quickly.
    func listen(_ target: ListenTarget, prefetch: Int,
                onMessage: @escaping @Sendable (IncomingMessage) -> Void) -> any TransportListener
    /// Closes the connections; pending sends fail.
    func shutdown() async
}

/// Names shared by both transports, as oslo.messaging spells them.
enum Topology {
    static func fanoutExchange(_ topic: String) -> String { topic + "_fanout" }
    static func serverKey(_ topic: String, _ server: String) -> String { topic + "." + server }
}

/// A transport was used after `shutdown()`.
public struct TransportClosed: Error, Sendable, CustomStringConvertible {
    public init() {}
    public var description: String { "the messaging transport is shut down" }
}
