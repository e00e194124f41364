/// Why a users file cannot be used: the path and a sentence naming the entry at fault.
public struct UsersFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "users file \(path): \(reason)" }
}
