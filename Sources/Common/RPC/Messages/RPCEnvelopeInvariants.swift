/// What the RPC message decoders promise for any bytes whatsoever, checked by the libFuzzer target
/// (`Fuzz/RPCEnvelope`, via `scripts/fuzz.sh`) and by the tests over its corpus:
/// - a message is accepted only when every field it carries that the decoder reads has the type
///   oslo.messaging gives it (a field of the wrong type is refused, never read as absent);
/// - an accepted envelope says version 2.0 (or carries a bare message dict);
/// - a decoded request or reply, encoded again, decodes to the same request or reply;
/// - a reply's failure, deserialised and serialised again, comes back as the same error.
enum RPCEnvelopeInvariants {
    /// The first broken promise for `input` (a message body as it arrives from the broker), or nil.
    static func violation(in input: [UInt8]) -> String? {
        if let request = try? RPCRequest.decode(input) {
            if let problem = checkFields(input, request: true) { return "request accepted with \(problem)" }
            guard let again = try? RPCRequest.decode(request.encode()), again == request else {
                return "request re-encoded decodes differently: \(request)"
            }
        }
        if let reply = try? RPCReply.decode(input) {
            if let problem = checkFields(input, request: false) { return "reply accepted with \(problem)" }
            guard let again = try? RPCReply.decode(reply.encode()), again == reply else {
                return "reply re-encoded decodes differently: \(reply)"
            }
            if let failure = reply.failure, let problem = checkFailure(failure) { return problem }
        }
        return nil
    }

    /// The message dict of an accepted body, read independently of the decoders; nil when it is not one.
    static func message(_ input: [UInt8]) -> [String: JSONValue]? {
        guard let outer = try? JSONValue.parse(input).objectValue else { return nil }
        guard let version = outer["oslo.version"] else { return outer }
        guard version == .string("2.0"), let text = outer["oslo.message"]?.stringValue else { return nil }
        return try? JSONValue.parse(text).objectValue
    }

    /// The first field of the wrong type (or the envelope problem) in an accepted body, or nil.
    static func checkFields(_ input: [UInt8], request: Bool) -> String? {
        guard let m = message(input) else { return "an envelope that is not oslo's 2.0" }
        let expected: [(String, (JSONValue) -> Bool)]
        if request {
            expected = [
                ("method", isString), ("args", isObject), ("version", isStringOrNull),
                ("namespace", isStringOrNull), ("_msg_id", isString), ("_reply_q", isStringOrNull),
                ("_context_request_id", isStringOrNull), ("_context_global_request_id", isStringOrNull),
                ("_context_user_id", isStringOrNull), ("_context_user", isStringOrNull),
                ("_context_project_id", isStringOrNull), ("_context_tenant", isStringOrNull),
                ("_context_roles", { $0.isNull || ($0.arrayValue?.allSatisfy(isString) ?? false) }),
                ("_context_is_admin", { $0.isNull || $0.boolValue != nil }),
                ("_context_read_deleted", { $0.isNull || ["no", "yes", "only"].contains($0.stringValue ?? "") }),
            ]
        } else {
            expected = [("_msg_id", isString), ("failure", isStringOrNull)]
        }
        for (key, ok) in expected {
            if let v = m[key], !ok(v) { return "\(key) \(v)" }
        }
        return nil
    }

    static func checkFailure(_ failure: String) -> String? {
        let error = RemoteErrorCodec.deserialize(failure)
        if let doc = try? JSONValue.parse(failure), let name = doc["class"]?.stringValue,
            name.hasPrefix(errorName(of: error))
        {
            // Read as the error it names: then what it says about that error must have been readable.
            for (key, ok) in [("message", isStringOrNull), ("kwargs", { $0.isNull || isObject($0) }),
                              ("module", isStringOrNull)] as [(String, (JSONValue) -> Bool)] {
                if let v = doc[key], !ok(v) { return "failure read as \(name) despite its \(key) \(v)" }
            }
        }
        let again = RemoteErrorCodec.deserialize(RemoteErrorCodec.serialize(error))
        if "\(again)" != "\(error)" || fields(of: again) != fields(of: error) {
            return "failure \(failure.debugDescription) does not survive a second trip: \(error) vs \(again)"
        }
        return nil
    }

    /// The class name a deserialised error stands for.
    static func errorName(of error: any Error) -> String {
        switch error {
        case let e as RemoteError: e.exceptionType
        case let e as any NovaRemoteError: type(of: e).remoteName
        default: "\(type(of: error))"
        }
    }

    static func fields(of error: any Error) -> [String: JSONValue] {
        switch error {
        case let e as RemoteError: e.fields
        case let e as any NovaRemoteError: e.fields
        default: [:]
        }
    }

    static func isString(_ v: JSONValue) -> Bool { v.stringValue != nil }
    static func isStringOrNull(_ v: JSONValue) -> Bool { v.isNull || v.stringValue != nil }
    static func isObject(_ v: JSONValue) -> Bool { v.objectValue != nil }
}
