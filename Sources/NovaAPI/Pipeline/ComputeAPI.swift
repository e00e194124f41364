import Common

/// Assembles the pipeline from the config: settings, policy (with the operator's overrides), and the
/// authenticator `[api] auth_strategy` names. `main` calls it, logs the problems, and serves.
public enum ComputeAPI {
    public struct Assembly: Sendable {
        public let pipeline: APIPipeline
        /// Sentences for the operator: policy file problems (unknown rules, bad checks), auth setup.
        public let problems: [String]
    }

    public struct SetupError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// `identity` is the production authenticator; it is required when `auth_strategy = identity`.
    public static func assemble(
        config: Config, router: APIRouter, identity: (any Authenticator)? = nil,
        logSink: any APILogSink = ProcessLogSink(),
        mounts: [(prefix: String, handler: any HTTPHandler)] = []
    ) throws(SetupError)
        -> Assembly
    {
        let (policy, problems) = PolicyEngine.load(config: config)
        let authenticator: any Authenticator
        switch config[APIBehaviourOptions.authStrategy] {
        case "identity":
            guard let identity else {
                throw SetupError(
                    description: "[api] auth_strategy = identity, but the identity service is not "
                        + "available in this build")
            }
            authenticator = identity
        default:
            authenticator = NoAuth2()
        }
        let pipeline = APIPipeline(
            router: router, authenticator: authenticator, policy: policy,
            settings: APISettings(config: config), logSink: logSink, mounts: mounts)
        return Assembly(pipeline: pipeline, problems: problems)
    }
}
