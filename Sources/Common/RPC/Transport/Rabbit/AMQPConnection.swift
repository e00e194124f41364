import CAMQPShim
import CRabbitMQ
import Foundation

/// One librabbitmq connection, used by exactly one thread (its `AMQPWorker`). Every call blocks.
final class AMQPConnection {
    enum Event {
        case nothing
        case handled
        case delivery(channel: UInt16, consumerTag: String, deliveryTag: UInt64, redelivered: Bool, body: [UInt8])
    }

    let host: TransportURL.Host
    private let state: amqp_connection_state_t
    /// Set once the socket failed: closing then only frees memory (a close handshake could block).
    private var dead = false

    // Method ids (librabbitmq defines them as casts, which Swift does not import).
    private static let connectionClose: UInt32 = 0x000A_0032
    private static let connectionCloseOk: UInt32 = 0x000A_0033
    private static let channelClose: UInt32 = 0x0014_0028
    private static let basicReturn: UInt32 = 0x003C_0032
    private static let basicCancel: UInt32 = 0x003C_001E

    /// Opens and logs in; `heartbeat` seconds (0: none) is proposed to the broker, which may lower it.
    init(host: TransportURL.Host, vhost: String, heartbeat: Int32 = 0) throws(AMQPFailure) {
        guard let st = amqp_new_connection() else { throw AMQPFailure("cannot allocate a connection") }
        state = st
        self.host = host
        // Every stored property is set from here on, so a throw runs deinit, which destroys the state:
        // the failure paths only mark it dead (destroying it here too was a double free).
        guard let sock = amqp_tcp_socket_new(st) else {
            dead = true
            throw AMQPFailure("cannot create a socket")
        }
        var connectTimeout = timeval(tv_sec: 5, tv_usec: 0)
        let rc = amqp_socket_open_noblock(sock, host.hostname, Int32(host.port), &connectTimeout)
        guard rc == AMQP_STATUS_OK.rawValue else {
            dead = true
            throw AMQPFailure(Self.statusText(rc))
        }
        // Synchronous methods (declare, bind, login) must not wait forever on a broker that went silent.
        var rpcTimeout = timeval(tv_sec: 10, tv_usec: 0)
        _ = amqp_set_handshake_timeout(st, &rpcTimeout)
        _ = amqp_set_rpc_timeout(st, &rpcTimeout)
        let reply = nova_amqp_login_plain(st, vhost, 0, 131_072, heartbeat, host.username, host.password)
        guard reply.reply_type == AMQP_RESPONSE_NORMAL else {
            let text = Self.describe(reply)
            dead = true
            throw AMQPFailure("login to vhost \(vhost) failed: \(text)")
        }
    }

    deinit {
        if !dead { _ = amqp_connection_close(state, AMQP_REPLY_SUCCESS) }
        amqp_destroy_connection(state)
    }

    func markDead() { dead = true }

    var socketFD: Int32 { amqp_get_sockfd(state) }

    /// The heartbeat interval agreed with the broker (seconds, 0: none). librabbitmq sends the beats and
    /// reports a silent broker (AMQP_STATUS_HEARTBEAT_TIMEOUT) from the reads `next()` makes.
    var heartbeat: Int32 { amqp_get_heartbeat(state) }

    /// Whether frames already read from the socket wait to be handled (poll would not report them).
    var hasBufferedInput: Bool { amqp_frames_enqueued(state) != 0 || amqp_data_in_buffer(state) != 0 }

    // MARK: synchronous methods

    func openChannel(_ ch: UInt16) throws(AMQPFailure) {
        amqp_channel_open(state, ch)
        try check("channel.open")
    }

    func closeChannel(_ ch: UInt16) throws(AMQPFailure) {
        let r = amqp_channel_close(state, ch, AMQP_REPLY_SUCCESS)
        guard r.reply_type == AMQP_RESPONSE_NORMAL else { throw AMQPFailure("channel.close: " + Self.describe(r)) }
    }

    func declareExchange(_ ch: UInt16, _ name: String, type: String) throws(AMQPFailure) {
        let a = CStringArena()
        defer { withExtendedLifetime(a) {} }
        amqp_exchange_declare(state, ch, a.bytes(name), a.bytes(type), 0, 0, 0, 0, amqp_empty_table)
        try check("exchange.declare \(name)")
    }

    func declareQueue(_ ch: UInt16, _ name: String, exclusive: Bool, autoDelete: Bool,
                      expiresMs: Int32? = nil) throws(AMQPFailure) {
        let a = CStringArena()
        defer { withExtendedLifetime(a) {} }
        var entry = amqp_table_entry_t()
        if let ms = expiresMs {
            entry.key = a.bytes("x-expires")
            entry.value.kind = UInt8(ascii: "I")
            entry.value.value.i32 = ms
        }
        withUnsafeMutablePointer(to: &entry) { p in
            let args = expiresMs == nil ? amqp_empty_table : amqp_table_t(num_entries: 1, entries: p)
            amqp_queue_declare(state, ch, a.bytes(name), 0, 0, exclusive ? 1 : 0, autoDelete ? 1 : 0, args)
        }
        try check("queue.declare \(name)")
    }

    func deleteQueue(_ ch: UInt16, _ name: String) throws(AMQPFailure) {
        let a = CStringArena()
        defer { withExtendedLifetime(a) {} }
        amqp_queue_delete(state, ch, a.bytes(name), 0, 0)
        try check("queue.delete \(name)")
    }

    func bindQueue(_ ch: UInt16, _ queue: String, exchange: String, key: String) throws(AMQPFailure) {
        let a = CStringArena()
        defer { withExtendedLifetime(a) {} }
        amqp_queue_bind(state, ch, a.bytes(queue), a.bytes(exchange), a.bytes(key), amqp_empty_table)
        try check("queue.bind \(queue) to \(exchange)")
    }

    func qos(_ ch: UInt16, prefetch: Int) throws(AMQPFailure) {
        amqp_basic_qos(state, ch, 0, UInt16(clamping: prefetch), 0)
        try check("basic.qos")
    }

    func consume(_ ch: UInt16, queue: String, tag: String, noAck: Bool) throws(AMQPFailure) {
        let a = CStringArena()
        defer { withExtendedLifetime(a) {} }
        amqp_basic_consume(state, ch, a.bytes(queue), a.bytes(tag), 0, noAck ? 1 : 0, 0, amqp_empty_table)
        try check("basic.consume \(queue)")
    }

    func cancel(_ ch: UInt16, tag: String) throws(AMQPFailure) {
        let a = CStringArena()
        defer { withExtendedLifetime(a) {} }
        amqp_basic_cancel(state, ch, a.bytes(tag))
        try check("basic.cancel")
    }

    // MARK: asynchronous methods

    func publish(_ ch: UInt16, exchange: String, key: String, body: [UInt8], expiration: Duration?)
        throws(AMQPFailure)
    {
        let a = CStringArena()
        defer { withExtendedLifetime(a) {} }
        var props = amqp_basic_properties_t()
        props._flags = (1 << 15) | (1 << 12)  // content-type, delivery-mode
        props.content_type = a.bytes("application/json")
        props.delivery_mode = 1
        if let e = expiration {
            props._flags |= 1 << 8
            props.expiration = a.bytes(String(max(1, e.components.seconds * 1000
                + e.components.attoseconds / 1_000_000_000_000_000)))
        }
        let rc = body.withUnsafeBytes { raw in
            let b = amqp_bytes_t(len: raw.count, bytes: UnsafeMutableRawPointer(mutating: raw.baseAddress))
            return amqp_basic_publish(state, ch, a.bytes(exchange), a.bytes(key), 0, 0, &props, b)
        }
        guard rc == AMQP_STATUS_OK.rawValue else { throw AMQPFailure("basic.publish: " + Self.statusText(rc)) }
    }

    func ack(_ ch: UInt16, _ tag: UInt64) throws(AMQPFailure) {
        let rc = amqp_basic_ack(state, ch, tag, 0)
        guard rc == AMQP_STATUS_OK.rawValue else { throw AMQPFailure("basic.ack: " + Self.statusText(rc)) }
    }

    /// Handles at most one incoming frame without waiting: a delivery, a broker notice, or nothing.
    func next() throws(AMQPFailure) -> Event {
        amqp_maybe_release_buffers(state)
        var env = amqp_envelope_t()
        var zero = timeval(tv_sec: 0, tv_usec: 0)
        let r = amqp_consume_message(state, &env, &zero, 0)
        if r.reply_type == AMQP_RESPONSE_NORMAL {
            defer { amqp_destroy_envelope(&env) }
            let body = env.message.body.len == 0 ? [] : Array(UnsafeRawBufferPointer(
                start: env.message.body.bytes, count: env.message.body.len))
            return .delivery(channel: env.channel, consumerTag: Self.string(env.consumer_tag),
                             deliveryTag: env.delivery_tag, redelivered: env.redelivered != 0, body: body)
        }
        if r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION {
            if r.library_error == AMQP_STATUS_TIMEOUT.rawValue { return .nothing }
            if r.library_error == AMQP_STATUS_UNEXPECTED_STATE.rawValue { return try otherFrame() }
        }
        throw AMQPFailure(Self.describe(r))
    }

    private func otherFrame() throws(AMQPFailure) -> Event {
        var frame = amqp_frame_t()
        var zero = timeval(tv_sec: 0, tv_usec: 0)
        let rc = amqp_simple_wait_frame_noblock(state, &frame, &zero)
        if rc == AMQP_STATUS_TIMEOUT.rawValue { return .nothing }
        guard rc == AMQP_STATUS_OK.rawValue else { throw AMQPFailure(Self.statusText(rc)) }
        guard frame.frame_type == AMQP_FRAME_METHOD else { return .handled }
        let method = frame.payload.method
        switch method.id {
        case Self.basicReturn:
            var msg = amqp_message_t()
            _ = amqp_read_message(state, frame.channel, &msg, 0)
            amqp_destroy_message(&msg)
            return .handled
        case Self.connectionClose:
            let c = method.decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
            var ok = amqp_connection_close_ok_t(dummy: 0)
            _ = amqp_send_method(state, 0, Self.connectionCloseOk, &ok)
            throw AMQPFailure("connection closed by the broker: \(c.reply_code) \(Self.string(c.reply_text))")
        case Self.channelClose:
            let c = method.decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
            throw AMQPFailure("channel \(frame.channel) closed by the broker: \(c.reply_code) "
                              + Self.string(c.reply_text))
        case Self.basicCancel:
            throw AMQPFailure("consumer cancelled by the broker (queue deleted?)")
        default:
            return .handled
        }
    }

    private func check(_ what: String) throws(AMQPFailure) {
        let r = amqp_get_rpc_reply(state)
        guard r.reply_type == AMQP_RESPONSE_NORMAL else { throw AMQPFailure("\(what): " + Self.describe(r)) }
    }

    static func statusText(_ rc: Int32) -> String { String(cString: amqp_error_string2(rc)) }

    static func string(_ b: amqp_bytes_t) -> String {
        guard b.len > 0, let p = b.bytes else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: p, count: b.len), as: UTF8.self)
    }

    static func describe(_ r: amqp_rpc_reply_t) -> String {
        switch r.reply_type {
        case AMQP_RESPONSE_NORMAL: return "ok"
        case AMQP_RESPONSE_NONE: return "no reply from the broker"
        case AMQP_RESPONSE_LIBRARY_EXCEPTION: return statusText(r.library_error)
        default:
            if r.reply.id == connectionClose, let d = r.reply.decoded {
                let c = d.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
                return "connection error \(c.reply_code): \(string(c.reply_text))"
            }
            if r.reply.id == channelClose, let d = r.reply.decoded {
                let c = d.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
                return "channel error \(c.reply_code): \(string(c.reply_text))"
            }
            return "broker error (method \(r.reply.id))"
        }
    }
}

/// A librabbitmq call failed; the connection is then treated as lost.
struct AMQPFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Copies of Swift strings in C memory that live as long as the arena: librabbitmq keeps the pointers of
/// `amqp_bytes_t` until the frame is written, past the life of a temporary Swift string buffer.
final class CStringArena {
    private var blocks: [UnsafeMutableRawPointer] = []

    func bytes(_ s: String) -> amqp_bytes_t {
        let u = Array(s.utf8)
        guard !u.isEmpty, let p = malloc(u.count) else { return amqp_bytes_t(len: 0, bytes: nil) }
        u.withUnsafeBytes { p.copyMemory(from: $0.baseAddress!, byteCount: u.count) }
        blocks.append(p)
        return amqp_bytes_t(len: u.count, bytes: p)
    }

    deinit { for b in blocks { free(b) } }
}
