import Common

/// `[api] auth_strategy = noauth2`: `X-Auth-Token: user:project` is believed as given (development
/// only). The project defaults to the user; the user `admin` is an admin. Every caller also holds the
/// `member` and `reader` roles, which Keystone's role implication would give a project member.
/// Unlike Nova's old noauth2 (204 plus a made-up token), a request without a token gets 401.
public struct NoAuth2: Authenticator {
    public init() {}

    public func authenticate(_ request: HTTPRequest, requestId: String, globalRequestId: String?) throws(APIError)
        -> RequestContext
    {
        guard let token = request.headers["X-Auth-Token"]?.trimmingSpaces, !token.isEmpty else {
            throw .unauthorized()
        }
        let user: String
        var project: String
        if let colon = token.firstIndex(of: ":") {
            user = String(token[..<colon])
            project = String(token[token.index(after: colon)...])
        } else {
            user = token
            project = ""
        }
        guard !user.isEmpty else { throw .unauthorized() }
        if project.isEmpty { project = user }
        let isAdmin = user == "admin"
        return RequestContext(
            requestId: requestId, globalRequestId: globalRequestId, userId: user,
            projectId: project, roles: isAdmin ? ["admin", "member", "reader"] : ["member", "reader"],
            isAdmin: isAdmin)
    }
}
