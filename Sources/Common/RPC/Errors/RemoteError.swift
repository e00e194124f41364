/// A remote failure whose type the caller does not know (oslo.messaging's `RemoteError`).
public struct RemoteError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The class name the server raised.
    public let exceptionType: String
    public let module: String
    public let message: String
    public let fields: [String: JSONValue]

    public init(exceptionType: String, module: String, message: String, fields: [String: JSONValue]) {
        self.exceptionType = exceptionType
        self.module = module
        self.message = message
        self.fields = fields
    }

    public var description: String { "Remote error: \(exceptionType) \(message)" }
}
