import Foundation

/// An error that crosses RPC as itself: the server sends its name, message and fields, and the caller
/// gets the same Swift type back (when registered in `RemoteErrorRegistry`), so `catch let e as NoValidHost` works.
public protocol NovaRemoteError: Error, Sendable, CustomStringConvertible {
    /// The class name on the wire (Nova's exception class name: `NoValidHost`).
    static var remoteName: String { get }
    /// The module on the wire (`nova.exception` for Nova's own errors).
    static var remoteModule: String { get }
    var message: String { get }
    /// The keyword arguments Nova's exception was built with (`reason`, `instance_uuid`, ...).
    var fields: [String: JSONValue] { get }
    /// Re-creates the error on the caller's side from what came over the wire.
    init(message: String, fields: [String: JSONValue])
}

extension NovaRemoteError {
    public static var remoteModule: String { "nova.exception" }
    public var description: String { "\(Self.remoteName): \(message)" }
}

/// Error types a caller can receive as themselves. Unknown names come back as `RemoteError`.
public enum RemoteErrorRegistry {
    private final class Storage: @unchecked Sendable {
        // @unchecked: `types` is only touched while holding `lock`.
        let lock = NSLock()
        var types: [String: any NovaRemoteError.Type] = [:]
    }

    private static let storage: Storage = {
        let s = Storage()
        for t: any NovaRemoteError.Type in [
            MessagingTimeout.self, NoSuchMethod.self, UnsupportedVersion.self, MessageDeliveryFailure.self,
            NoValidHost.self,
        ] {
            s.types[t.remoteName] = t
        }
        return s
    }()

    /// Makes these types come back as themselves in callers (idempotent; call at start-up).
    public static func register(_ types: any NovaRemoteError.Type...) {
        storage.lock.withLock { for t in types { storage.types[t.remoteName] = t } }
    }

    public static func type(named name: String) -> (any NovaRemoteError.Type)? {
        storage.lock.withLock { storage.types[name] }
    }
}

/// oslo.messaging's failure form: a JSON string `{"class", "module", "message", "tb", "args", "kwargs"}`.
enum RemoteErrorCodec {
    static func serialize(_ error: any Error) -> String {
        let name: String
        let module: String
        let message: String
        let fields: [String: JSONValue]
        switch error {
        case let e as RemoteError:
            (name, module, message, fields) = (e.exceptionType, e.module, e.message, e.fields)
        case let e as any NovaRemoteError:
            (name, module, message, fields) = (type(of: e).remoteName, type(of: e).remoteModule, e.message, e.fields)
        default:
            (name, module, message, fields) = (String(describing: type(of: error)), "builtins", "\(error)", [:])
        }
        let doc: JSONValue = [
            "class": .string(name), "module": .string(module), "message": .string(message),
            "tb": .array([]), "args": [.string(message)], "kwargs": .object(fields),
        ]
        return doc.serialized()
    }

    static func deserialize(_ failure: String) -> any Error {
        // A document whose message or kwargs has the wrong type is kept whole as the message of an unknown
        // error, rather than becoming the named error with its details silently dropped.
        func typed(_ doc: JSONValue, _ key: String, _ ok: (JSONValue) -> Bool) -> Bool {
            guard let v = doc[key], !v.isNull else { return true }
            return ok(v)
        }
        guard let doc = try? JSONValue.parse(failure), let name = doc["class"]?.stringValue,
              typed(doc, "message", { $0.stringValue != nil }), typed(doc, "kwargs", { $0.objectValue != nil }),
              typed(doc, "module", { $0.stringValue != nil })
        else {
            return RemoteError(exceptionType: "Unknown", module: "", message: failure, fields: [:])
        }
        let message = doc["message"]?.stringValue ?? ""
        let fields = doc["kwargs"]?.objectValue ?? [:]
        let bare = name.hasSuffix("_Remote") ? String(name.dropLast(7)) : name
        if let t = RemoteErrorRegistry.type(named: bare) { return t.init(message: message, fields: fields) }
        return RemoteError(exceptionType: bare, module: doc["module"]?.stringValue ?? "", message: message,
                           fields: fields)
    }
}
