import Common
import NovaIdentity

/// Builds, from the config, what nova-api's `main` hands to `ComputeAPI.assemble`: under
/// `[api] auth_strategy = identity` the identity service, its authenticator and the `/identity` and
/// `/image` mounts; under `noauth2` the `/image` mount alone (behind noauth2).
public enum IdentitySetup {
    public struct Parts: Sendable {
        /// nil under noauth2. Call `service?.reload()` on SIGHUP.
        public let service: IdentityService?
        /// Pass as `identity:` to `ComputeAPI.assemble`.
        public let authenticator: (any Authenticator)?
        /// Pass as `mounts:` to `ComputeAPI.assemble`.
        public let mounts: [(prefix: String, handler: any HTTPHandler)]
        /// Sentences for the operator (a users file that does not load yet).
        public let problems: [String]
    }

    /// Throws when the identity strategy cannot work at all (the token key file cannot be made or read).
    public static func make(
        config: Config, revocations: any TokenRevocations, images: any ImageCatalog,
        logSink: any APILogSink = ProcessLogSink()
    ) throws(ComputeAPI.SetupError) -> Parts {
        let endpoint = PublicEndpoint(config[IdentityOptions.publicEndpoint])
        guard config[APIBehaviourOptions.authStrategy] == "identity" else {
            let image = ImageAPI(catalog: images, authenticator: NoAuth2(), publicEndpoint: endpoint, logSink: logSink)
            return Parts(service: nil, authenticator: nil, mounts: [("/image", image)], problems: [])
        }
        let keys: [[UInt8]]
        do {
            keys = try TokenKeyFile(path: IdentityOptions.path(IdentityOptions.tokenKeyFile, in: config)).loadOrCreate()
        } catch {
            throw ComputeAPI.SetupError(description: error.description)
        }
        let usersFile = UsersFile(path: IdentityOptions.path(IdentityOptions.usersFile, in: config))
        let service = IdentityService(
            settings: IdentityService.Settings(config: config), usersFile: usersFile, keys: keys,
            revocations: revocations, logSink: logSink)
        var problems: [String] = []
        if let problem = service.startupProblem { problems.append(problem + "; nobody can sign in until it is fixed") }
        let authenticator = IdentityAuthenticator(service: service)
        let image = ImageAPI(catalog: images, authenticator: authenticator, publicEndpoint: endpoint, logSink: logSink)
        return Parts(
            service: service, authenticator: authenticator,
            mounts: [("/identity", IdentityAPI(service: service)), ("/image", image)], problems: problems)
    }
}
