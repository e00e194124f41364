import Common

/// A select_destinations request the scheduler cannot act on (Nova's InvalidInput): no flavor, no
/// instance uuids, an undecodable request spec.
public struct SchedulerInvalidInput: NovaRemoteError, Equatable {
    public static let remoteName = "InvalidInput"
    public let message: String
    public let fields: [String: JSONValue]

    public init(reason: String) {
        message = "Invalid input received: \(reason)"
        fields = ["reason": .string(reason)]
    }

    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}
