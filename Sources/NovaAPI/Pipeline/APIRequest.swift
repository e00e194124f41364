import Common

/// A request as a controller sees it: who asks, at which microversion, with what path parameters,
/// query and parsed JSON body. Built by the pipeline after auth, negotiation, routing and validation.
public struct APIRequest: Sendable {
    public let http: HTTPRequest
    public let context: RequestContext
    public let microversion: Microversion
    public let pathParams: [String: String]
    public let query: QueryParameters
    /// The parsed body (POST/PUT with a non-empty body), nil otherwise.
    public let body: JSONValue?
    /// The project id given in the URL (`/v2.1/{project_id}/servers`), when there was one.
    public let projectIdInPath: String?
    /// Builds self/bookmark/next links for this request.
    public let links: LinkBuilder
    /// `[api] max_limit`, for paging.
    public let maxLimit: Int
    let policy: PolicyEngine

    public init(
        http: HTTPRequest, context: RequestContext, microversion: Microversion,
        pathParams: [String: String] = [:], query: QueryParameters = QueryParameters(),
        body: JSONValue? = nil, projectIdInPath: String? = nil, links: LinkBuilder,
        maxLimit: Int = 1000, policy: PolicyEngine
    ) {
        self.http = http
        self.context = context
        self.microversion = microversion
        self.pathParams = pathParams
        self.query = query
        self.body = body
        self.projectIdInPath = projectIdInPath
        self.links = links
        self.maxLimit = maxLimit
        self.policy = policy
    }

    /// A path parameter named in the route template (always present once routed).
    public func param(_ name: String) -> String { pathParams[name] ?? "" }

    /// Nova's `context.can(rule, target)`: throws 403 `Policy doesn't allow <rule> to be performed.`
    /// The target defaults to the caller's own project and user.
    public func authorize(_ rule: String, target: [String: String]? = nil) throws(APIError) {
        try policy.enforce(rule, context: context, target: target ?? PolicyEngine.defaultTarget(context))
    }

    /// Same check, answered as a Bool (for optional fields such as admin-only attributes).
    public func isAllowed(_ rule: String, target: [String: String]? = nil) -> Bool {
        policy.check(rule, context: context, target: target ?? PolicyEngine.defaultTarget(context))
    }

    /// Paging parameters, validated as Nova's `get_limit_and_marker`.
    public func pagination() throws(APIError) -> Pagination {
        try Pagination(query: query, maxLimit: maxLimit)
    }
}
