// The errors of the messaging layer itself, as oslo.messaging names them.

/// A `call` got no reply within its timeout.
public struct MessagingTimeout: NovaRemoteError, Equatable {
    public static let remoteName = "MessagingTimeout"
    public static let remoteModule = "oslo_messaging.exceptions"
    public let message: String
    public let fields: [String: JSONValue]

    public init(topic: String, method: String, timeout: Duration, msgId: String, reason: String? = nil) {
        let secs = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let t = secs == secs.rounded() ? String(Int(secs)) : String(secs)
        message = "Timed out waiting for a reply to message ID \(msgId) (topic \(topic), method \(method), "
            + "timeout \(t) s)" + (reason.map { ": " + $0 } ?? "")
        fields = ["topic": .string(topic), "method": .string(method), "timeout": .double(secs),
                  "msg_id": .string(msgId)]
    }

    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }

    public var topic: String? { fields["topic"]?.stringValue }
    public var method: String? { fields["method"]?.stringValue }
}

/// The server has no endpoint method of that name (in a compatible version).
public struct NoSuchMethod: NovaRemoteError, Equatable {
    public static let remoteName = "NoSuchMethod"
    public static let remoteModule = "oslo_messaging.rpc.dispatcher"
    public let message: String
    public let fields: [String: JSONValue]

    public init(method: String) {
        message = "Endpoint does not support RPC method \(method)"
        fields = ["method": .string(method)]
    }

    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }

    public var method: String? { fields["method"]?.stringValue }
}

/// No endpoint of the server speaks the message's RPC API version.
public struct UnsupportedVersion: NovaRemoteError, Equatable {
    public static let remoteName = "UnsupportedVersion"
    public static let remoteModule = "oslo_messaging.rpc.dispatcher"
    public let message: String
    public let fields: [String: JSONValue]

    public init(version: String, method: String) {
        message = "Endpoint does not support RPC version \(version). Attempted method: \(method)"
        fields = ["version": .string(version), "method": .string(method)]
    }

    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }

    public var version: String? { fields["version"]?.stringValue }
}

/// A message could not be handed to the broker (unreachable past the deadline, or too large).
public struct MessageDeliveryFailure: NovaRemoteError, Equatable {
    public static let remoteName = "MessageDeliveryFailure"
    public static let remoteModule = "oslo_messaging.exceptions"
    public let message: String
    public let fields: [String: JSONValue]

    public init(_ message: String) {
        self.message = message
        fields = [:]
    }

    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}
