import Testing

@testable import Common

/// The RPC decoders on messages the fuzzer (Fuzz/RPCEnvelope) got through: a field of the wrong type is
/// refused, never read as absent (which turned calls into casts, failures into successes, admin flags off).
@Suite struct RPCEnvelopeDecodingTests {
    static func wrap(_ inner: JSONValue, version: JSONValue = "2.0") -> [UInt8] {
        JSONValue.object(["oslo.version": version, "oslo.message": .string(inner.serialized())]).serializedBytes()
    }

    static let good: [String: JSONValue] = [
        "method": "get_console_output", "args": ["tail_length": 10], "version": "6.0", "_msg_id": "m1",
        "_reply_q": "reply_1", "_context_request_id": "req-1", "_context_roles": ["admin"],
        "_context_is_admin": true, "_context_read_deleted": "yes", "_context_user_id": "u",
        "_context_project_id": "p",
    ]

    @Test func aWellFormedRequestDecodes() throws {
        let r = try RPCRequest.decode(Self.wrap(.object(Self.good)))
        #expect(r.method == "get_console_output" && r.args == ["tail_length": 10] && r.version == "6.0")
        #expect(r.msgId == "m1" && r.replyQueue == "reply_1")
        #expect(r.context.isAdmin && r.context.roles == ["admin"] && r.context.readDeleted == .yes)
        // Absent and null optional fields take their defaults.
        let bare = try RPCRequest.decode(Self.wrap(["method": "ping", "namespace": nil, "version": nil]))
        #expect(bare.args == [:] && bare.version == "1.0" && bare.namespace == nil && bare.msgId == nil)
        // An unwrapped dict (older peers) is still read.
        #expect(try RPCRequest.decode(JSONValue.object(Self.good).serializedBytes()) == r)
    }

    @Test(arguments: [
        ("args", ["8f1b2c3d"]), ("args", nil), ("version", 4.5), ("namespace", 1),
        ("_msg_id", 42), ("_msg_id", nil), ("_reply_q", ["q"]), ("_context_is_admin", "yes"),
        ("_context_roles", "admin"), ("_context_roles", [1]), ("_context_read_deleted", "maybe"),
        ("_context_user_id", 7), ("_context_request_id", false),
    ] as [(String, JSONValue)])
    func aRequestFieldOfTheWrongTypeIsRefused(field: String, value: JSONValue) {
        var m = Self.good
        m[field] = value
        #expect(throws: (any Error).self) { try RPCRequest.decode(Self.wrap(.object(m))) }
    }

    @Test(arguments: ["2.02", "2.0kwargs", "2", "3.0", "1.0"] as [JSONValue] + [2.0, nil])
    func anEnvelopeThatIsNotVersion2Point0IsRefused(version: JSONValue) {
        #expect(throws: (any Error).self) { try RPCRequest.decode(Self.wrap(.object(Self.good), version: version)) }
    }

    @Test func aReplyWhoseFailureIsNotAStringIsRefused() throws {
        let ok = try RPCReply.decode(Self.wrap(["_msg_id": "m1", "result": 42, "failure": nil, "ending": true]))
        #expect(ok.result == 42 && ok.failure == nil)
        // Read as "no failure", this reply used to complete the call as a success with result null.
        #expect(throws: (any Error).self) {
            try RPCReply.decode(Self.wrap(["_msg_id": "m1", "result": nil, "failure": ["class": "NoValidHost"]]))
        }
        #expect(throws: (any Error).self) { try RPCReply.decode(Self.wrap(["_msg_id": 1, "result": 42])) }
    }

    @Test func aFailureWithMistypedDetailsBecomesAnUnknownErrorCarryingTheWholeText() {
        let text = #"{"class": "NoValidHost", "message": 7, "kwargs": ["reason"]}"#
        let error = RemoteErrorCodec.deserialize(text)
        #expect(error as? RemoteError == RemoteError(exceptionType: "Unknown", module: "", message: text, fields: [:]))
        let good = RemoteErrorCodec.deserialize(
            #"{"class": "NoValidHost", "message": "No valid host", "kwargs": {"reason": "r"}}"#)
        #expect((good as? NoValidHost)?.reason == "r")
    }
}
