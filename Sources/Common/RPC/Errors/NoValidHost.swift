/// The scheduler found no host for a request (`nova.exception.NoValidHost`).
public struct NoValidHost: NovaRemoteError, Equatable {
    public static let remoteName = "NoValidHost"
    public let message: String
    public let fields: [String: JSONValue]

    public init(reason: String) {
        message = "No valid host was found. \(reason)"
        fields = ["reason": .string(reason)]
    }

    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }

    /// Why: which filter removed how many hosts.
    public var reason: String { fields["reason"]?.stringValue ?? "" }
}
