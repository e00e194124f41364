/// A controller function: given the typed request, the answer (or a thrown error the fault layer maps).
public typealias APIHandler = @Sendable (APIRequest) async throws -> APIResponse

/// One method on one path, for a range of microversions, with what the pipeline checks before the
/// controller runs: the JSON body and query schemas, then the policy rule (default target: the
/// caller's own project). Controllers check target-specific rules themselves with `authorize`.
public struct Route: Sendable {
    public let method: String
    public let template: PathTemplate
    public let minVersion: Microversion?
    public let maxVersion: Microversion?
    public let policy: String?
    public let bodySchema: Schema?
    public let querySchema: Schema?
    public let handler: APIHandler

    public init(
        _ method: String, _ path: String, minVersion: Microversion? = nil, maxVersion: Microversion? = nil,
        policy: String? = nil, body: Schema? = nil, query: Schema? = nil, handler: @escaping APIHandler
    ) {
        self.method = method.uppercased()
        self.template = PathTemplate(path)
        self.minVersion = minVersion
        self.maxVersion = maxVersion
        self.policy = policy
        self.bodySchema = body
        self.querySchema = query
        self.handler = handler
    }

    public func serves(_ version: Microversion) -> Bool { version.matches(minVersion, maxVersion) }
}

/// One server action (`POST /servers/{id}/action` with body `{"os-start": null}`), named by its body key.
public struct ActionRoute: Sendable {
    public let name: String
    public let minVersion: Microversion?
    public let maxVersion: Microversion?
    public let policy: String?
    /// Validates the whole body (`{"reboot": {"type": "SOFT"}}`).
    public let bodySchema: Schema?
    public let handler: APIHandler

    public init(
        _ name: String, minVersion: Microversion? = nil, maxVersion: Microversion? = nil,
        policy: String? = nil, body: Schema? = nil, handler: @escaping APIHandler
    ) {
        self.name = name
        self.minVersion = minVersion
        self.maxVersion = maxVersion
        self.policy = policy
        self.bodySchema = body
        self.handler = handler
    }

    public func serves(_ version: Microversion) -> Bool { version.matches(minVersion, maxVersion) }
}
