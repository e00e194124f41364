/// `[api]` and `[osapi_v21]` options that shape how the compute API answers (not how it listens).
public enum APIBehaviourOptions {
    public static let authStrategy = Opt<String>.make(
        "auth_strategy", group: "api", kind: .choices(["noauth2", "identity"]), default: .string("noauth2"),
        help: "Determine the strategy to use for authentication. noauth2 trusts the X-Auth-Token "
            + "'user:project' (development only); identity checks tokens issued by nova-api's built-in "
            + "identity endpoint.")
    public static let maxLimit = Opt<Int>.make(
        "max_limit", group: "api", kind: .int(min: 0, max: nil), default: .int(1000),
        help: "As a query can potentially return many thousands of items, you can limit the maximum number of "
            + "items in a single response by setting this option.",
        deprecated: [.init("DEFAULT", "osapi_max_limit")])
    public static let computeLinkPrefix = Opt<String?>.make(
        "compute_link_prefix", group: "api", kind: .string, default: nil,
        help: "This string is prepended to the normal URL that is returned in links to the OpenStack Compute "
            + "API. If it is empty (the default), the URLs are returned unchanged.",
        deprecated: [.init("DEFAULT", "osapi_compute_link_prefix")])
    public static let projectIdRegex = Opt<String?>.make(
        "project_id_regex", group: "osapi_v21", kind: .string, default: nil,
        help: "This option is a string representing a regular expression (regex) that matches the project_id "
            + "as contained in URLs. If not set, it will match normal UUIDs created by keystone.")

    public static let all: [OptDefinition] = definitions(authStrategy, maxLimit, computeLinkPrefix, projectIdRegex)
}
