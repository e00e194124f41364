import Foundation

/// The process's reply queue (`reply_<uuid>`) and the calls waiting on it, matched by `_msg_id`.
public final class ReplyRouter: @unchecked Sendable {
    // @unchecked: `listener` and `pending` are only touched while holding `lock`.
    public let queue: String
    private let lock = NSLock()
    private var listener: (any TransportListener)?
    private var pending: [String: Promise<RPCReply>] = [:]
    private static let log = Logger("oslo.messaging._drivers.amqpdriver")

    public init() { queue = "reply_" + RPCEnvelope.newId() }

    /// Subscribes to the reply queue on first use; returns once replies can be received.
    func ready(on transport: any Transport, until deadline: ContinuousClock.Instant) async throws {
        let l = lock.withLock { () -> any TransportListener in
            if let listener { return listener }
            let l = transport.listen(.replies(queue: queue), prefetch: 0) { [weak self] msg in
                self?.deliver(msg)
            }
            listener = l
            return l
        }
        try await l.waitReady(until: deadline)
    }

    func register(_ msgId: String) -> Promise<RPCReply> {
        let p = Promise<RPCReply>()
        lock.withLock { pending[msgId] = p }
        return p
    }

    func forget(_ msgId: String) { _ = lock.withLock { pending.removeValue(forKey: msgId) } }

    private func deliver(_ msg: IncomingMessage) {
        msg.ack()
        let reply: RPCReply
        do { reply = try RPCReply.decode(msg.body) } catch {
            Self.log.warning("Dropping malformed reply: \(error)")
            return
        }
        guard let p = lock.withLock({ pending.removeValue(forKey: reply.msgId) }) else {
            Self.log.info("No calling threads waiting for msg_id : \(reply.msgId)")
            return
        }
        p.succeed(reply)
    }

    /// Fails every waiting call (transport shut down).
    func failAll(_ error: any Error) {
        let ps = lock.withLock { () -> [Promise<RPCReply>] in
            let v = Array(pending.values)
            pending = [:]
            return v
        }
        for p in ps { p.fail(error) }
    }

    func close() async {
        let l = lock.withLock { () -> (any TransportListener)? in
            defer { listener = nil }
            return listener
        }
        await l?.close()
    }
}
