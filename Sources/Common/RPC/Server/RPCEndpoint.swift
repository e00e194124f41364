/// One RPC method: runs with the caller's context (also in `RequestContext.current`) and the call's arguments.
public typealias RPCMethod = @Sendable (RequestContext, [String: JSONValue]) async throws -> JSONValue

/// The server side of an RPC API (a service's manager): its version and an explicit table of its methods.
public protocol RPCEndpoint: Sendable {
    /// The RPC API version implemented; messages with the same major and a lower or equal minor are served.
    var version: RPCVersion { get }
    /// oslo.messaging's target namespace (nil for the default one).
    var namespace: String? { get }
    /// Method name → handler.
    var methods: [String: RPCMethod] { get }
}

extension RPCEndpoint {
    public var namespace: String? { nil }
}
