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
        guard let vs = v.stringValue, vs.split(separator: ".").first == "2" else {
            throw RPCEnvelopeError("unsupported envelope version \(v)")
        }
        guard let text = obj["oslo.message"]?.stringValue else { throw RPCEnvelopeError("envelope without message") }
        guard let inner = try JSONValue.parse(text).objectValue else {
            throw RPCEnvelopeError("oslo.message is not a JSON object")
        }
        return inner
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

    static func decode(_ bytes: [UInt8]) throws -> RPCRequest {
        let m = try RPCEnvelope.unwrap(bytes)
        guard let method = m["method"]?.stringValue, !method.isEmpty else {
            throw RPCEnvelopeError("message has no method")
        }
        var ctx: [String: JSONValue] = [:]
        for (k, v) in m where k.hasPrefix("_context_") { ctx[String(k.dropFirst(9))] = v }
        return RPCRequest(
            method: method, args: m["args"]?.objectValue ?? [:], version: m["version"]?.stringValue ?? "1.0",
            namespace: m["namespace"]?.stringValue, context: RequestContext(dict: ctx),
            msgId: m["_msg_id"]?.stringValue, replyQueue: m["_reply_q"]?.stringValue)
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
        return RPCReply(msgId: id, result: m["result"] ?? .null, failure: m["failure"]?.stringValue)
    }
}

struct RPCEnvelopeError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
