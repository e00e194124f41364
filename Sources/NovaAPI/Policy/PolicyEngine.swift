import Common
import Foundation

/// Decides whether a caller may perform an action: the default rules, overridden by the operator's
/// policy file, evaluated as oslo.policy evaluates them against the caller's credentials and a target.
public final class PolicyEngine: Sendable {
    /// Effective rules after overrides, parsed.
    public let rules: [String: PolicyCheck]
    /// The rule used for names nobody defined (`[oslo_policy] policy_default_rule`).
    public let defaultRule: String
    private let log = Logger("nova.policy")

    public init(rules: [String: PolicyCheck], defaultRule: String = "default") {
        self.rules = rules
        self.defaultRule = defaultRule
    }

    /// Builds the engine from the defaults and overrides; returns it with the problems found, each a
    /// sentence for the operator (an override that does not parse keeps the default rule).
    public static func make(
        defaults: [PolicyRule] = PolicyDefaults.rules, overrides: [(String, String)] = [],
        source: String = "policy file", defaultRule: String = "default"
    )
        -> (engine: PolicyEngine, problems: [String])
    {
        var rules: [String: PolicyCheck] = [:]
        var problems: [String] = []
        for rule in defaults {
            // Defaults are ours: a parse failure is a bug, caught by the tests that parse them all.
            rules[rule.name] = (try? PolicyCheck.parse(rule.check)) ?? .never
        }
        for (name, text) in overrides {
            do { rules[name] = try PolicyCheck.parse(text) } catch {
                problems.append(
                    "\(source): rule \"\(name)\" is not a valid check string (\(error.reason)); "
                        + "the default is kept")
            }
        }
        let known = Set(defaults.map(\.name))
        let referenced = Set(rules.values.flatMap(\.referencedRules))
        for (name, _) in overrides where !known.contains(name) && !referenced.contains(name) && name != defaultRule {
            problems.append(
                "\(source): unknown policy rule \"\(name)\": nova-api defines no such rule, "
                    + "so it has no effect")
        }
        return (PolicyEngine(rules: rules, defaultRule: defaultRule), problems)
    }

    /// Reads `[oslo_policy] policy_file` (JSON or YAML, relative to the config files' directories)
    /// and builds the engine. A missing file at the default name is normal (no overrides).
    public static func load(config: Config, defaults: [PolicyRule] = PolicyDefaults.rules)
        -> (engine: PolicyEngine, problems: [String])
    {
        let name = config[PolicyOptions.policyFile]
        let defaultRule = config[PolicyOptions.policyDefaultRule]
        guard let path = PolicyFile.locate(name, configFiles: config.configFiles, configDir: config.configDir) else {
            let (engine, _) = make(defaults: defaults, defaultRule: defaultRule)
            let isDefault = name == PolicyOptions.policyFile.definition.defaultValue?.description
            return (engine, isDefault ? [] : ["policy file \(name) not found; using the default rules"])
        }
        do {
            let overrides = try PolicyFile.parse(String(contentsOfFile: path, encoding: .utf8))
            return make(
                defaults: defaults, overrides: overrides, source: "policy file \(path)", defaultRule: defaultRule)
        } catch {
            let (engine, _) = make(defaults: defaults, defaultRule: defaultRule)
            return (engine, ["policy file \(path) could not be read: \(error); using the default rules"])
        }
    }

    /// Nova's default target: the caller's own project and user.
    public static func defaultTarget(_ context: RequestContext) -> [String: String] {
        var t: [String: String] = [:]
        if let p = context.projectId { t["project_id"] = p }
        if let u = context.userId { t["user_id"] = u }
        return t
    }

    public func check(_ rule: String, context: RequestContext, target: [String: String]) -> Bool {
        let creds = Credentials(context)
        guard let check = rules[rule] ?? rules[defaultRule] else {
            log.debug("Policy rule \(rule) is not defined; denying")
            return false
        }
        return evaluate(check, creds, target, depth: 0)
    }

    /// Throws Nova's 403 `Policy doesn't allow <rule> to be performed.`
    public func enforce(_ rule: String, context: RequestContext, target: [String: String]) throws(APIError) {
        guard check(rule, context: context, target: target) else { throw .policyNotAuthorized(rule) }
    }

    struct Credentials {
        let values: [String: String]
        let roles: [String]

        init(_ c: RequestContext) {
            var v: [String: String] = ["is_admin": c.isAdmin ? "True" : "False", "is_admin_project": "True"]
            if let u = c.userId {
                v["user_id"] = u
                v["user"] = u
            }
            if let p = c.projectId {
                v["project_id"] = p
                v["tenant"] = p
            }
            values = v
            roles = c.roles.map { $0.lowercased() }
        }
    }

    private func evaluate(_ check: PolicyCheck, _ creds: Credentials, _ target: [String: String], depth: Int) -> Bool {
        guard depth < 32 else { return false }  // a rule that refers to itself, directly or not
        switch check {
        case .always: return true
        case .never: return false
        case .rule(let name):
            guard let next = rules[name] else { return false }
            return evaluate(next, creds, target, depth: depth + 1)
        case .role(let match):
            guard let role = substitute(match, target) else { return false }
            return creds.roles.contains(role.lowercased())
        case .generic(let kind, let match):
            guard let value = substitute(match, target) else { return false }
            if let literal = Self.quoted(kind) { return literal == value }
            if let have = creds.values[kind] { return have == value }
            if kind == "True" || kind == "False" { return kind == value }
            return false
        case .not(let inner): return !evaluate(inner, creds, target, depth: depth + 1)
        case .and(let items): return items.allSatisfy { evaluate($0, creds, target, depth: depth + 1) }
        case .or(let items): return items.contains { evaluate($0, creds, target, depth: depth + 1) }
        }
    }

    /// Replaces `%(key)s` with the target's value; nil when the target lacks the key (the check fails).
    private func substitute(_ match: String, _ target: [String: String]) -> String? {
        guard match.contains("%(") else { return match }
        var out = ""
        var rest = Substring(match)
        while let open = rest.range(of: "%(") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: ")s") else { return nil }
            guard let value = target[String(rest[open.upperBound..<close.lowerBound])] else { return nil }
            out += value
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    private static func quoted(_ s: String) -> String? {
        guard s.count >= 2, let f = s.first, f == "'" || f == "\"", s.last == f else { return nil }
        return String(s.dropFirst().dropLast())
    }
}
