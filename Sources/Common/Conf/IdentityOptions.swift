/// `[identity]`: nova-api's built-in identity endpoint (a Keystone v3 password subset) and its tokens;
/// and `[api] public_endpoint`, the base URL the service catalog and version documents advertise.
public enum IdentityOptions {
    public static let usersFile = Opt<String>.make(
        "users_file", group: "identity", kind: .string, default: .string("identity_users.json"),
        help: "JSON file of domains, projects, roles and users (with salted password hashes) that the identity "
            + "endpoint signs in. Edit it with 'nova-manage identity ...'; nova-api re-reads it on SIGHUP and "
            + "when it changes. A relative path is taken from state_path.")
    public static let tokenKeyFile = Opt<String>.make(
        "token_key_file", group: "identity", kind: .string, default: .string("identity_token.key"),
        help: "File holding the HMAC-SHA256 keys that sign tokens (hex, one per line; the first signs, all "
            + "verify). Created with mode 0600 on first start; every nova-api worker must read the same file. "
            + "A relative path is taken from state_path.")
    public static let tokenExpiration = Opt<Int>.make(
        "token_expiration", group: "identity", kind: .int(min: 60, max: 86400 * 7), default: .int(3600),
        help: "The amount of time that a token should remain valid (in seconds).")
    public static let failedAuthDelay = Opt<Double>.make(
        "failed_auth_delay", group: "identity", kind: .float(min: 0, max: 60), default: .float(1.0),
        help: "Seconds a failed password authentication waits before it is answered; doubled for each further "
            + "consecutive failure from the same address, up to 30 seconds. 0 disables the delay.")
    public static let passwordHashRounds = Opt<Int>.make(
        "password_hash_rounds", group: "identity", kind: .int(min: 1000, max: 999_999_999), default: .int(100_000),
        help: "sha512-crypt rounds for password hashes written by nova-manage. More rounds make each guess "
            + "costlier for an attacker and each sign-in slower.")
    public static let regionName = Opt<String>.make(
        "region_name", group: "identity", kind: .string, default: .string("RegionOne"),
        help: "Region named by the service catalog's endpoints.")
    public static let publicEndpoint = Opt<String?>.make(
        "public_endpoint", group: "api", kind: .url, default: nil,
        help: "The base URL clients reach nova-api at (e.g. https://cloud.example.com:8774), used in the "
            + "service catalog, the identity and image version documents and WWW-Authenticate. When unset, "
            + "http://<the request's Host header> is used.")

    public static let all: [OptDefinition] = definitions(
        usersFile, tokenKeyFile, tokenExpiration, failedAuthDelay, passwordHashRounds, regionName, publicEndpoint)

    /// A path option resolved against `[DEFAULT] state_path` when relative.
    public static func path(_ opt: Opt<String>, in conf: Config) -> String {
        let value = conf[opt]
        if value.hasPrefix("/") { return value }
        var base = conf[CommonOptions.statePath]
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/" + value
    }
}
