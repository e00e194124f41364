import Foundation

/// Calls and casts to the servers of one topic (oslo.messaging's `RPCClient`). Cheap to copy;
/// `prepare` returns a copy aimed at one server, another version or timeout, or the fanout exchange.
public struct RPCClient: Sendable {
    public let transport: any Transport
    public let topic: String
    public let exchange: String
    public private(set) var server: String?
    public private(set) var version: String
    public private(set) var timeout: Duration
    public private(set) var fanout: Bool
    public private(set) var namespace: String?

    private static let log = Logger("nova.rpc")

    public init(transport: any Transport, topic: String, version: String = "1.0", exchange: String = "nova",
                timeout: Duration = .seconds(60), namespace: String? = nil) {
        self.transport = transport
        self.topic = topic
        self.version = version
        self.exchange = exchange
        self.timeout = timeout
        self.namespace = namespace
        self.fanout = false
    }

    /// A client with `[DEFAULT] control_exchange` and `rpc_response_timeout` from the configuration.
    public init(conf: Config, transport: any Transport, topic: String, version: String = "1.0") {
        self.init(transport: transport, topic: topic, version: version, exchange: conf[CommonOptions.controlExchange],
                  timeout: .seconds(conf[CommonOptions.rpcResponseTimeout]))
    }

    public func prepare(server: String? = nil, version: String? = nil, timeout: Duration? = nil,
                        fanout: Bool? = nil, namespace: String? = nil) -> RPCClient {
        var c = self
        if let server { c.server = server }
        if let version { c.version = version }
        if let timeout { c.timeout = timeout }
        if let fanout { c.fanout = fanout }
        if let namespace { c.namespace = namespace }
        return c
    }

    private var destination: RPCDestination {
        if fanout { return .fanout(topic: topic) }
        if let server { return .server(exchange: exchange, topic: topic, server: server) }
        return .topic(exchange: exchange, topic: topic)
    }

    /// Sends `method` and waits for its result; throws the server's error as its own type, or
    /// `MessagingTimeout` when no reply comes within `timeout`.
    public func call(_ context: RequestContext, _ method: String, args: [String: JSONValue] = [:]) async throws
        -> JSONValue
    {
        guard !fanout else { throw MessageDeliveryFailure("a fanout message cannot be a call (method \(method))") }
        let msgId = RPCEnvelope.newId()
        let deadline = ContinuousClock.now + timeout
        let router = transport.replies
        let timedOut = { @Sendable (reason: String?) in
            MessagingTimeout(topic: topic, method: method, timeout: timeout, msgId: msgId, reason: reason)
        }
        do {
            try await router.ready(on: transport, until: deadline)
        } catch is PromiseTimeout {
            throw timedOut("reply queue not ready (message bus unreachable)")
        }
        let req = RPCRequest(method: method, args: args, version: version, namespace: namespace, context: context,
                             msgId: msgId, replyQueue: router.queue)
        let body = req.encode()
        try checkSize(body, method)
        let pending = router.register(msgId)
        defer { router.forget(msgId) }
        Self.log.debug("CALL msg_id: \(msgId) topic \(topic) method \(method)", context: context)
        do {
            try await transport.send(OutgoingMessage(body: body, destination: destination, expiration: timeout),
                                     deadline: deadline)
        } catch is PromiseTimeout {
            throw timedOut("message bus unreachable")
        }
        let reply: RPCReply
        do { reply = try await pending.wait(until: deadline) } catch is PromiseTimeout { throw timedOut(nil) }
        if let failure = reply.failure { throw RemoteErrorCodec.deserialize(failure) }
        return reply.result
    }

    /// Sends `method` without waiting for a result (to one server of the topic, one named server, or all of them).
    public func cast(_ context: RequestContext, _ method: String, args: [String: JSONValue] = [:]) async throws {
        let req = RPCRequest(method: method, args: args, version: version, namespace: namespace, context: context,
                             msgId: nil, replyQueue: nil)
        let body = req.encode()
        try checkSize(body, method)
        Self.log.debug("CAST topic \(topic)\(fanout ? " (fanout)" : "") method \(method)", context: context)
        do {
            try await transport.send(OutgoingMessage(body: body, destination: destination),
                                     deadline: ContinuousClock.now + timeout)
        } catch is PromiseTimeout {
            throw MessageDeliveryFailure("could not send \(method) to topic \(topic) within \(timeout): "
                                         + "message bus unreachable")
        }
    }

    private func checkSize(_ body: [UInt8], _ method: String) throws {
        guard body.count <= RPCEnvelope.maxMessageBytes else {
            Self.log.error("Refusing to send \(method) to topic \(topic): message of \(body.count) bytes exceeds "
                           + "\(RPCEnvelope.maxMessageBytes)")
            throw MessageDeliveryFailure("message \(method) is \(body.count) bytes, over the limit of "
                                         + "\(RPCEnvelope.maxMessageBytes)")
        }
    }
}
