import Common
import Foundation
import NovaIdentity

/// The identity endpoint's logic, shared by its HTTP face (`IdentityAPI`) and the compute API's auth step
/// (`IdentityAuthenticator`): signs users in against the users file, issues signed tokens, validates and
/// revokes them. Every nova-api worker builds its own; they agree through the key file, the users file
/// and the revocation store.
public final class IdentityService: Sendable {
    /// The knobs, read from `[identity]` and `[api] public_endpoint`.
    public struct Settings: Sendable {
        public var tokenExpiration: Int = 3600
        public var region: String = "RegionOne"
        public var publicEndpoint = PublicEndpoint(nil)
        public var failedAuthDelay: Double = 1
        public var passwordHashRounds: Int = PasswordHash.defaultRounds

        public init() {}

        public init(config: Config) {
            tokenExpiration = config[IdentityOptions.tokenExpiration]
            region = config[IdentityOptions.regionName]
            publicEndpoint = PublicEndpoint(config[IdentityOptions.publicEndpoint])
            failedAuthDelay = config[IdentityOptions.failedAuthDelay]
            passwordHashRounds = config[IdentityOptions.passwordHashRounds]
        }
    }

    /// A token that checked out, with what its body shows.
    public struct ValidToken: Sendable, Equatable {
        public let id: String
        public let token: Token
        public let user: IdentityDirectory.User
        public let userDomain: IdentityDirectory.Domain
        public let project: IdentityDirectory.Project?
        public let projectDomain: IdentityDirectory.Domain?
        /// The token's roles the user still holds, with their ids.
        public let roles: [IdentityDirectory.Role]
    }

    public enum ValidationFailure: Error, Sendable, Equatable {
        /// Not ours, altered, expired, revoked, or its user/project/roles are gone.
        case invalid(String)
        /// The revocation store could not be asked.
        case unavailable(String)

        public var reason: String {
            switch self {
            case .invalid(let why), .unavailable(let why): why
            }
        }
    }

    public let settings: Settings
    public let catalog: ServiceCatalog
    let directories: DirectorySource
    let codec: TokenCodec
    let revocations: any TokenRevocations
    let verifier: PasswordVerifier
    let throttle: FailedAuthThrottle
    let logSink: any APILogSink
    let clock: @Sendable () -> Date
    let sleep: @Sendable (Double) async -> Void
    static let loggerName = "nova.api.identity"

    /// `clock` and `sleep` are for tests (an expired token, the brute-force delay without waiting).
    public init(
        settings: Settings, usersFile: UsersFile, keys: [[UInt8]], revocations: any TokenRevocations,
        logSink: any APILogSink = ProcessLogSink(), clock: @escaping @Sendable () -> Date = { Date() },
        sleep: @escaping @Sendable (Double) async -> Void = { seconds in
            try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
        }
    ) {
        self.settings = settings
        catalog = ServiceCatalog(region: settings.region)
        directories = DirectorySource(file: usersFile) { problem in
            logSink.log(.error, logger: IdentityService.loggerName, problem, context: nil)
        }
        codec = TokenCodec(keys: keys)
        self.revocations = revocations
        verifier = PasswordVerifier(rounds: settings.passwordHashRounds)
        throttle = FailedAuthThrottle(baseDelay: settings.failedAuthDelay)
        self.logSink = logSink
        self.clock = clock
        self.sleep = sleep
        startupProblem = directories.reload()
    }

    /// Why the users file did not load at start-up (missing, malformed), if it did not.
    public let startupProblem: String?

    /// Re-reads the users file (SIGHUP). nil when it loaded; else the problem, and the previous users stay.
    @discardableResult
    public func reload() -> String? { directories.reload() }

    /// The directory in force (re-read if the file changed).
    public var directory: IdentityDirectory { directories.directory(now: clock()) }

    /// `<public endpoint>/identity`: where clients are sent to get a token.
    public func identityURL(for request: HTTPRequest) -> String {
        settings.publicEndpoint.baseURL(for: request) + "/identity"
    }

    // MARK: validation

    /// Checks a token string: signature, expiry, its user, project and roles still in force, the user's
    /// password unchanged since, and not revoked (the revocation store is asked last).
    public func validate(_ id: String) async -> Result<ValidToken, ValidationFailure> {
        let token: Token
        switch codec.decode(id, now: clock()) {
        case .failure(.invalid): return .failure(.invalid("the token is malformed or its signature does not match"))
        case .failure(.expired): return .failure(.invalid("the token has expired"))
        case .success(let t): token = t
        }
        let valid: ValidToken
        switch resolve(token, id: id, in: directory) {
        case .failure(let f): return .failure(f)
        case .success(let v): valid = v
        }
        do {
            for auditId in token.auditIds where try await revocations.isRevoked(auditId: auditId) {
                return .failure(.invalid("the token has been revoked"))
            }
        } catch {
            return .failure(.unavailable("cannot read token revocations: \(error)"))
        }
        return .success(valid)
    }

    func resolve(_ token: Token, id: String, in d: IdentityDirectory) -> Result<ValidToken, ValidationFailure> {
        guard let user = d.user(id: token.userId), user.enabled, let userDomain = d.domain(id: user.domainId),
            userDomain.enabled
        else { return .failure(.invalid("the token's user no longer exists or is disabled")) }
        if let changed = user.passwordChangedAt, token.issuedAt < changed {
            return .failure(.invalid("the user's password changed after the token was issued"))
        }
        guard let projectId = token.projectId else {
            return .success(
                ValidToken(
                    id: id, token: token, user: user, userDomain: userDomain, project: nil, projectDomain: nil,
                    roles: []))
        }
        guard let project = d.project(id: projectId), project.enabled,
            let projectDomain = d.domain(id: project.domainId), projectDomain.enabled
        else { return .failure(.invalid("the token's project no longer exists or is disabled")) }
        let held = Set(d.effectiveRoles(user: user, projectId: projectId).map { $0.lowercased() })
        let roles = token.roles.filter { held.contains($0.lowercased()) }.map { d.role(name: $0) }
        guard !roles.isEmpty else { return .failure(.invalid("the user no longer holds a role on the project")) }
        return .success(
            ValidToken(
                id: id, token: token, user: user, userDomain: userDomain, project: project,
                projectDomain: projectDomain, roles: roles))
    }

    /// Revokes a validated token (and, through its audit id, every token rescoped from it).
    public func revoke(_ valid: ValidToken) async throws {
        try await revocations.revoke(auditId: valid.token.auditId, expiresAt: valid.token.expiresAt)
    }

    /// The caller's context for the compute and image APIs: only project-scoped tokens qualify.
    public func context(
        for valid: ValidToken, requestId: String, globalRequestId: String?
    ) -> RequestContext? {
        guard let project = valid.project else { return nil }
        let names = valid.roles.map(\.name)
        return RequestContext(
            requestId: requestId, globalRequestId: globalRequestId, userId: valid.user.id, projectId: project.id,
            roles: names, isAdmin: names.contains { $0.lowercased() == "admin" })
    }
}
