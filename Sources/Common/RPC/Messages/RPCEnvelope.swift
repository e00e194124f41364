import Foundation

/// oslo.messaging's wire form: `{"oslo.version": "2.0", "oslo.message": "<json>"}` around the message dict,
/// with the request context flattened into `_context_<key>` entries.
public enum RPCEnvelope {
    public static let version = "2.0"
    /// Larger messages are refused on both ends.
    public static let maxMessageBytes = 16 << 20

    static func wrap(_ msg: [String: JSONValue]) -> [UInt8] {
        let inner = JSONValue.object(msg).serialized()
        return JSONValue.object(["oslo.version": .string(version), "oslo.message": .string(inner)]).serializedBytes()
    }

    /// The message dict inside an envelope (or a bare dict from a peer that does not wrap).
    static func unwrap(_ bytes: [UInt8]) throws -> [String: JSONValue] {
        let outer = try JSONValue.parse(bytes)
        guard let obj = outer.objectValue else { throw RPCEnvelopeError("message is not a JSON object") }
        guard let v = obj["oslo.version"] else { return obj }
        // oslo.messaging writes "2.0" and refuses what it cannot read; "2.01" or "2.x" are not 2.0.
        guard v.stringValue == version else { throw RPCEnvelopeError("unsupported envelope version \(v)") }
        guard let text = obj["oslo.message"]?.stringValue else { throw RPCEnvelopeError("envelope without message") }
        guard let inner = try JSONValue.parse(text).objectValue else {
            throw RPCEnvelopeError("oslo.message is not a JSON object")
        }
        return inner
    }

    /// `m[key]` when it is a string, nil when absent (or null, if `nullable`); any other type is refused.
    static func optionalString(_ m: [String: JSONValue], _ key: String, nullable: Bool = true) throws -> String? {
        guard let v = m[key], !(nullable && v.isNull) else { return nil }
        guard let s = v.stringValue else { throw RPCEnvelopeError("\(key) is not a string: \(v)") }
        return s
    }

    static func newId() -> String { UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "") }
}

/// A request as the server reads it.
struct RPCRequest: Sendable, Equatable {
    var method: String
    var args: [String: JSONValue]
    var version: String
    var namespace: String?
    var context: RequestContext
    var msgId: String?
    var replyQueue: String?

    func encode() -> [UInt8] {
        var m: [String: JSONValue] = [
            "method": .string(method), "args": .object(args), "version": .string(version),
            "_unique_id": .string(RPCEnvelope.newId()),
        ]
        if let namespace { m["namespace"] = .string(namespace) }
        if let msgId { m["_msg_id"] = .string(msgId) }
        if let replyQueue { m["_reply_q"] = .string(replyQueue) }
        for (k, v) in context.toDict() { m["_context_" + k] = v }
        return RPCEnvelope.wrap(m)
    }

    /// Refuses a message whose fields have the wrong type rather than reading them as absent: an `args`
    /// that is not a dict would become no arguments, a numeric `_msg_id` would turn a call into a cast.
    static func decode(_ bytes: [UInt8]) throws -> RPCRequest {
        let m = try RPCEnvelope.unwrap(bytes)
        guard let method = m["method"]?.stringValue, !method.isEmpty else {
            throw RPCEnvelopeError("message has no method")
        }
        var args: [String: JSONValue] = [:]
        if let a = m["args"] {
            guard let o = a.objectValue else { throw RPCEnvelopeError("args is not a dict: \(a)") }
            args = o
        }
        var ctx: [String: JSONValue] = [:]
        for (k, v) in m where k.hasPrefix("_context_") { ctx[String(k.dropFirst(9))] = v }
        return RPCRequest(
            method: method, args: args, version: try RPCEnvelope.optionalString(m, "version") ?? "1.0",
            namespace: try RPCEnvelope.optionalString(m, "namespace"), context: try RequestContext.fromWire(ctx),
            msgId: try RPCEnvelope.optionalString(m, "_msg_id", nullable: false),
            replyQueue: try RPCEnvelope.optionalString(m, "_reply_q"))
    }
}

/// A reply: `result`, or `failure` (a serialized remote error), with `ending` as oslo sends it.
struct RPCReply: Sendable, Equatable {
    var msgId: String
    var result: JSONValue
    var failure: String?

    func encode() -> [UInt8] {
        RPCEnvelope.wrap([
            "result": result, "failure": .from(failure), "ending": true, "_msg_id": .string(msgId),
            "_unique_id": .string(RPCEnvelope.newId()),
        ])
    }

    static func decode(_ bytes: [UInt8]) throws -> RPCReply {
        let m = try RPCEnvelope.unwrap(bytes)
        guard let id = m["_msg_id"]?.stringValue else { throw RPCEnvelopeError("reply has no _msg_id") }
        // A failure that is not a string used to read as no failure: the caller took it for a success.
        return RPCReply(msgId: id, result: m["result"] ?? .null, failure: try RPCEnvelope.optionalString(m, "failure"))
    }
}

struct RPCEnvelopeError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
