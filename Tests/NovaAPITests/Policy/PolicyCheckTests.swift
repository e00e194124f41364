import Testing

@testable import NovaAPI

@Suite struct PolicyCheckTests {
    @Test func parsesOsloSyntaxWithPrecedence() throws {
        #expect(
            try PolicyCheck.parse("role:admin or role:member and project_id:%(project_id)s")
                == .or([
                    .role("admin"), .and([.role("member"), .generic(kind: "project_id", match: "%(project_id)s")]),
                ]))
        #expect(
            try PolicyCheck.parse("(role:a or role:b) and not rule:x")
                == .and([.or([.role("a"), .role("b")]), .not(.rule("x"))]))
        #expect(try PolicyCheck.parse("@") == .always)
        #expect(try PolicyCheck.parse("!") == .never)
        #expect(try PolicyCheck.parse("") == .always)
        #expect(try PolicyCheck.parse("is_admin:True") == .generic(kind: "is_admin", match: "True"))
    }

    @Test func refusesBrokenExpressions() {
        for bad in ["role:admin or", "(role:admin", "role:a role:b", "admin", "and role:x"] {
            #expect(throws: PolicyCheck.ParseError.self, "\(bad)") { try PolicyCheck.parse(bad) }
        }
    }

    @Test func everyDefaultRuleParsesAndEveryReferenceResolves() throws {
        let names = Set(PolicyDefaults.rules.map(\.name))
        #expect(names.count == PolicyDefaults.rules.count, "duplicate rule names")
        for rule in PolicyDefaults.rules {
            let check = try PolicyCheck.parse(rule.check)
            for ref in check.referencedRules { #expect(names.contains(ref), "\(rule.name) refers to \(ref)") }
        }
    }
}
