/// A reply that does not have the shape an RPC API promises (a peer of another release, or a bug).
public struct RPCAPIError: Error, Sendable, CustomStringConvertible {
    public let method: String
    public let reason: String
    public init(method: String, reason: String) {
        self.method = method
        self.reason = reason
    }
    public var description: String { "Unexpected reply to \(method): \(reason)" }
}

extension Array where Element == JSONValue {
    /// Decodes a list of object primitives, failing on the first that is not a `T`.
    func decodeObjects<T: NovaObject>(_: T.Type, method: String) throws -> [T] {
        try map { p in
            do { return try T.fromPrimitive(p) } catch {
                throw RPCAPIError(method: method, reason: "not a \(T.objName): \(error)")
            }
        }
    }
}
