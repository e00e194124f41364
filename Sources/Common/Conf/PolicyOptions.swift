/// `[oslo_policy]`: where operators override the API's default access rules.
public enum PolicyOptions {
    public static let policyFile = Opt<String>.make(
        "policy_file", group: "oslo_policy", kind: .string, default: .string("policy.yaml"),
        help: "The relative or absolute path of a file that maps roles to permissions for a given service. "
            + "Relative paths must be specified in relation to the configuration file setting this option.")
    public static let policyDefaultRule = Opt<String>.make(
        "policy_default_rule", group: "oslo_policy", kind: .string, default: .string("default"),
        help: "Default rule. Enforced when a requested rule is not found.")

    public static let all: [OptDefinition] = definitions(policyFile, policyDefaultRule)
}
