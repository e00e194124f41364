import Common

/// The auth step of the pipeline: turns a request's credentials into the caller's context.
/// Two implementations: `NoAuth2` (development, trusts the token) and the identity strategy
/// (production, checks tokens issued by nova-api's own identity endpoint).
public protocol Authenticator: Sendable {
    /// The caller's context (user, project, roles) carrying `requestId`/`globalRequestId`;
    /// throws a 401 `APIError` when the request is not authenticated.
    func authenticate(_ request: HTTPRequest, requestId: String, globalRequestId: String?) async throws(APIError)
        -> RequestContext
}
