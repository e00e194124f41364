import Foundation

/// Consumes a topic's queues and dispatches each message to its endpoint method (oslo.messaging's RPC server).
/// Messages are acknowledged when a handler takes them; at most `prefetch` handlers run at once.
public final class RPCServer: @unchecked Sendable {
    // @unchecked: `listener`, `runTask`, `streamInput` and `stopping` are only touched while holding `lock`;
    // the rest is immutable after init.
    public let transport: any Transport
    public let topic: String
    public let server: String
    public let exchange: String
    public let prefetch: Int
    private let dispatcher: RPCDispatcher
    private let replyTimeout: Duration
    private let lock = NSLock()
    private var listener: (any TransportListener)?
    private var runTask: Task<Void, Never>?
    private var streamInput: AsyncStream<IncomingMessage>.Continuation?
    private var stopping = false
    private static let log = Logger("oslo.messaging.rpc.server")

    public init(transport: any Transport, topic: String, server: String, endpoints: [any RPCEndpoint],
                exchange: String = "nova", prefetch: Int = 64, replyTimeout: Duration = .seconds(60)) {
        self.transport = transport
        self.topic = topic
        self.server = server
        self.exchange = exchange
        self.prefetch = max(1, prefetch)
        self.replyTimeout = replyTimeout
        dispatcher = RPCDispatcher(endpoints: endpoints)
    }

    /// A server named by `[DEFAULT] host`, with `control_exchange`, `rpc_prefetch` and `rpc_response_timeout`.
    public convenience init(conf: Config, transport: any Transport, topic: String, endpoints: [any RPCEndpoint],
                            server: String? = nil) {
        self.init(transport: transport, topic: topic, server: server ?? conf[CommonOptions.host],
                  endpoints: endpoints, exchange: conf[CommonOptions.controlExchange],
                  prefetch: conf[CommonOptions.rpcPrefetch], replyTimeout: .seconds(conf[CommonOptions.rpcResponseTimeout]))
    }

    /// Subscribes and starts dispatching; returns once the queues are consumed.
    public func start() async throws {
        let (stream, input) = AsyncStream<IncomingMessage>.makeStream()
        let l = transport.listen(.server(exchange: exchange, topic: topic, server: server), prefetch: prefetch) {
            input.yield($0)
        }
        let task = Task { [self] in await run(stream) }
        lock.withLock {
            listener = l
            runTask = task
            streamInput = input
            stopping = false
        }
        try await l.waitReady(until: nil)
        Self.log.info("RPC server consuming topic \(topic) as \(server) (exchange \(exchange), prefetch \(prefetch))")
    }

    /// Graceful stop: no new messages, in-flight handlers finish, untaken messages return to the queue.
    public func stop() async {
        let (l, task, input) = lock.withLock { () -> Parts in
            stopping = true
            return (listener, runTask, streamInput)
        }
        await l?.stopConsuming()
        input?.finish()
        await task?.value
        await l?.close()
        lock.withLock {
            listener = nil
            runTask = nil
            streamInput = nil
        }
        Self.log.info("RPC server for topic \(topic) stopped")
    }

    private typealias Parts = (
        (any TransportListener)?, Task<Void, Never>?, AsyncStream<IncomingMessage>.Continuation?
    )

    private var isStopping: Bool { lock.withLock { stopping } }

    private func run(_ stream: AsyncStream<IncomingMessage>) async {
        let slots = AsyncSemaphore(prefetch)
        await withDiscardingTaskGroup { group in
            for await msg in stream {
                await slots.acquire()
                // Buffered messages are not taken after stop: unacknowledged, they go back to the queue.
                if isStopping {
                    slots.release()
                    continue
                }
                msg.ack()
                group.addTask {
                    await self.handle(msg)
                    slots.release()
                }
            }
        }
    }

    private func handle(_ msg: IncomingMessage) async {
        guard msg.body.count <= RPCEnvelope.maxMessageBytes else {
            Self.log.error("Dropping message of \(msg.body.count) bytes on topic \(topic): over the limit of "
                           + "\(RPCEnvelope.maxMessageBytes) bytes")
            return
        }
        let req: RPCRequest
        do { req = try RPCRequest.decode(msg.body) } catch {
            Self.log.error("Dropping malformed message on topic \(topic): \(error)")
            return
        }
        await RequestContext.$current.withValue(req.context) {
            await dispatch(req)
        }
    }

    private func dispatch(_ req: RPCRequest) async {
        Self.log.debug("Received \(req.msgId == nil ? "cast" : "call") \(req.method) (version \(req.version))")
        var reply = RPCReply(msgId: req.msgId ?? "", result: .null, failure: nil)
        do {
            let method = try dispatcher.method(for: req)
            reply.result = try await method(req.context, req.args)
        } catch {
            if error is any NovaRemoteError || error is RemoteError {
                Self.log.debug("Expected exception during message handling (\(req.method)): \(error)")
            } else {
                Self.log.error("Exception during message handling (\(req.method)): \(error)")
            }
            reply.failure = RemoteErrorCodec.serialize(error)
        }
        guard let replyQueue = req.replyQueue, req.msgId != nil else { return }
        do {
            try await transport.send(OutgoingMessage(body: reply.encode(), destination: .reply(queue: replyQueue)),
                                     deadline: ContinuousClock.now + replyTimeout)
        } catch {
            Self.log.error("Could not send the reply to \(req.method) (msg_id \(reply.msgId)): \(error)")
        }
    }
}
