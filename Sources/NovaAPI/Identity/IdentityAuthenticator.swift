import Common

/// `[api] auth_strategy = identity`: the compute (and image) API believes only project-scoped tokens
/// issued by this identity endpoint; anything else is 401 with `WWW-Authenticate: Keystone uri="…"`,
/// as keystonemiddleware answers. The token's roles become the context's, so policy sees them.
public struct IdentityAuthenticator: Authenticator {
    public let service: IdentityService

    public init(service: IdentityService) { self.service = service }

    public func authenticate(_ request: HTTPRequest, requestId: String, globalRequestId: String?) async throws(APIError)
        -> RequestContext
    {
        let refusal = APIError(
            status: 401, message: KeystoneError.authenticationRequired,
            headers: [.init("WWW-Authenticate", KeystoneError.authenticateHeader(service.identityURL(for: request)))])
        guard let token = request.headers["X-Auth-Token"]?.trimmingSpaces, !token.isEmpty else { throw refusal }
        switch await service.validate(token) {
        case .failure(.unavailable(let why)):
            service.logSink.log(
                .error, logger: IdentityService.loggerName, "Cannot validate a token: \(why)", context: nil)
            throw .serviceUnavailable("The identity service cannot validate tokens at the moment.")
        case .failure(.invalid(let why)):
            service.logSink.log(
                .info, logger: IdentityService.loggerName,
                "Refused a token from \(RequestLog.clientAddress(request.remoteAddress)): \(why)", context: nil)
            throw refusal
        case .success(let valid):
            guard let context = service.context(for: valid, requestId: requestId, globalRequestId: globalRequestId)
            else { throw refusal }
            return context
        }
    }
}
