import Common
import Foundation
import NovaIdentity

/// Signing in: `POST /v3/auth/tokens`.
extension IdentityService {
    /// Authenticates and issues a token. Any failure to prove who the caller is (unknown user, wrong
    /// password, disabled user) is the same 401 after the same work and the brute-force delay.
    func issue(_ request: AuthRequest, source: String, identityURL: String) async -> Result<ValidToken, KeystoneError> {
        let d = directory
        let user: IdentityDirectory.User
        var methods = ["password"]
        var inherited: Token?
        switch request.identity {
        case .password(let ref, let password):
            guard let found = await checkPassword(ref, password, in: d, source: source) else {
                return .failure(.unauthorized(uri: identityURL))
            }
            user = found
        case .token(let id):
            guard case .success(let valid) = await validate(id) else {
                return .failure(.unauthorized("The request you have made requires authentication.", uri: identityURL))
            }
            user = valid.user
            inherited = valid.token
            methods = ["token"] + valid.token.methods.filter { $0 != "token" }
        }
        let project: IdentityDirectory.Project?
        switch scopeProject(request.scope, user: user, in: d) {
        case .failure(let message): return .failure(.unauthorized(message, uri: identityURL))
        case .success(let p): project = p
        }
        var roles: [String] = []
        if let project {
            roles = d.effectiveRoles(user: user, projectId: project.id)
            guard !roles.isEmpty else {
                return .failure(
                    .unauthorized("User \(user.id) has no access to project \(project.id)", uri: identityURL))
            }
        }
        let now = clock()
        let issuedAt = Date(timeIntervalSince1970: (now.timeIntervalSince1970 * 1e6).rounded(.down) / 1e6)
        // Keystone's expiry has whole seconds; a rescoped token keeps the original's.
        let expiresAt =
            inherited?.expiresAt
            ?? Date(
                timeIntervalSince1970: (now.timeIntervalSince1970 + Double(settings.tokenExpiration)).rounded(.down))
        let auditId: String
        do { auditId = try Token.newAuditId() } catch {
            return .failure(KeystoneError(status: 500, message: "\(error)"))
        }
        let token = Token(
            userId: user.id, projectId: project?.id, roles: roles, methods: methods, issuedAt: issuedAt,
            expiresAt: expiresAt, auditIds: [auditId] + (inherited.map { [$0.auditId] } ?? []))
        let id = codec.encode(token)
        switch resolve(token, id: id, in: d) {
        case .success(let valid): return .success(valid)
        case .failure(let f):
            return .failure(.unauthorized("The token could not be issued: \(f.reason).", uri: identityURL))
        }
    }

    /// The user the password proves, or nil after the delay (and a log line naming the source).
    func checkPassword(
        _ ref: AuthRequest.UserRef, _ password: String, in d: IdentityDirectory, source: String
    ) async -> IdentityDirectory.User? {
        let user: IdentityDirectory.User?
        let shown: String
        switch ref {
        case .id(let id):
            user = d.user(id: id)
            shown = "id \(id)"
        case .name(let name, let domainRef):
            let domain = Self.domain(domainRef, in: d)
            user = domain.flatMap { d.user(name: name, domainId: $0.id) }
            shown = "\"\(name)\" in domain \(domain?.name ?? "?")"
        }
        // The hash runs whatever the lookup found, so an unknown user costs as much as a wrong password.
        let matched = await verifier.verify(password, against: user?.passwordHash)
        let domainEnabled = user.flatMap { d.domain(id: $0.domainId) }?.enabled ?? false
        if matched, let user, user.enabled, domainEnabled {
            await throttle.recordSuccess(source: source)
            return user
        }
        let reason =
            user == nil ? "no such user" : !matched ? "wrong password" : "the user or its domain is disabled"
        let (count, delay) = await throttle.recordFailure(source: source, now: clock())
        logSink.log(
            .warning, logger: Self.loggerName,
            "Authentication failed for user \(shown) from \(source): \(reason) (failure \(count) from this "
                + "address, answered after \(String(format: "%.1f", delay))s)", context: nil)
        if delay > 0 { await sleep(delay) }
        return nil
    }

    static func domain(_ ref: AuthRequest.DomainRef, in d: IdentityDirectory) -> IdentityDirectory.Domain? {
        switch ref {
        case .id(let id): d.domain(id: id)
        case .name(let name): d.domain(name: name)
        }
    }

    /// The project a token will be scoped to, nil for unscoped; a failure message when the ask is refused.
    func scopeProject(
        _ scope: AuthRequest.Scope, user: IdentityDirectory.User, in d: IdentityDirectory
    ) -> ScopeResult {
        let project: IdentityDirectory.Project?
        switch scope {
        case .unscoped: return .success(nil)
        case .none:
            guard let id = user.defaultProjectId, let p = d.project(id: id), p.enabled,
                !d.effectiveRoles(user: user, projectId: id).isEmpty
            else { return .success(nil) }
            return .success(p)
        case .projectId(let id): project = d.project(id: id)
        case .projectName(let name, let domainRef):
            project = Self.domain(domainRef, in: d).flatMap { d.project(name: name, domainId: $0.id) }
        }
        guard let project else { return .failure("Could not find the project to scope to.") }
        guard project.enabled, d.domain(id: project.domainId)?.enabled == true else {
            return .failure("Project \(project.id) is disabled.")
        }
        return .success(project)
    }

    enum ScopeResult {
        case success(IdentityDirectory.Project?)
        case failure(String)
    }
}
