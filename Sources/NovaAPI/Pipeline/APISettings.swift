import Common
import Foundation

/// The knobs of the API pipeline, read once from the config (`APISettings(config:)`) or set in tests.
public struct APISettings: Sendable {
    /// `[api] max_limit`.
    public var maxLimit: Int = 1000
    /// `[api] compute_link_prefix`.
    public var linkPrefix: String? = nil
    /// `[osapi_v21] project_id_regex`: which first path segment counts as a project id.
    public var projectIdPattern: String = "[0-9a-f\\-]+"
    /// Bodies larger than this are refused with 413 (Nova's sizelimit middleware; the HTTP server's
    /// own limit comes from its option and normally refuses them earlier).
    public var maxRequestBodySize: Int = 114_688
    public var minimumVersion: Microversion = .minimum
    public var maximumVersion: Microversion = .maximum

    public init() {}

    public init(config: Config) {
        self.init()
        maxLimit = config[APIBehaviourOptions.maxLimit]
        linkPrefix = config[APIBehaviourOptions.computeLinkPrefix].flatMap { $0.isEmpty ? nil : $0 }
        if let pattern = config[APIBehaviourOptions.projectIdRegex], !pattern.isEmpty { projectIdPattern = pattern }
        maxRequestBodySize = config[APIServerOptions.maxRequestBodySize]
    }

    func isProjectId(_ segment: String) -> Bool {
        RegexCache.search("^(?:" + projectIdPattern + ")$", in: segment)
    }
}
