import Common
import Foundation
import Testing

@testable import NovaAPI

@Suite struct PolicyEngineTests {
    let engine = PolicyEngine.make().engine
    let member = try! NoAuth2().authenticate(
        HTTPRequest(
            method: "GET", target: "/",
            headers: HTTPHeaders([("X-Auth-Token", "alice:p1")])), requestId: "req-x", globalRequestId: nil)
    let admin = try! NoAuth2().authenticate(
        HTTPRequest(
            method: "GET", target: "/",
            headers: HTTPHeaders([("X-Auth-Token", "admin:admin")])), requestId: "req-y", globalRequestId: nil)

    @Test func aMemberActsOnItsOwnProjectOnly() {
        #expect(engine.check("os_compute_api:servers:create", context: member, target: ["project_id": "p1"]))
        #expect(!engine.check("os_compute_api:servers:delete", context: member, target: ["project_id": "p2"]))
        #expect(engine.check("os_compute_api:servers:delete", context: admin, target: ["project_id": "p2"]))
    }

    @Test func adminOnlyRulesRefuseMembers() {
        for rule in [
            "os_compute_api:os-hypervisors:list", "os_compute_api:os-services:list",
            "os_compute_api:os-aggregates:create", "os_compute_api:os-migrations:index",
            "os_compute_api:os-quota-sets:update", "os_compute_api:os-flavor-manage:create",
            "os_compute_api:servers:index:get_all_tenants", "os_compute_api:os-migrate-server:migrate",
            "os_compute_api:os-evacuate", "os_compute_api:os-extended-server-attributes",
        ] {
            let target = PolicyEngine.defaultTarget(member)
            #expect(!engine.check(rule, context: member, target: target), "\(rule)")
            #expect(engine.check(rule, context: admin, target: PolicyEngine.defaultTarget(admin)), "\(rule)")
        }
    }

    @Test func keyPairsBelongToTheirUser() {
        #expect(engine.check("os_compute_api:os-keypairs:show", context: member, target: ["user_id": "alice"]))
        #expect(!engine.check("os_compute_api:os-keypairs:show", context: member, target: ["user_id": "bob"]))
    }

    @Test func anyoneMayReadLimits() {
        #expect(engine.check("os_compute_api:limits", context: member, target: [:]))
    }

    @Test func undefinedRulesAreDeniedAndEnforceSaysWhich() {
        #expect(!engine.check("os_compute_api:no-such", context: admin, target: [:]))
        #expect(throws: APIError.forbidden("Policy doesn't allow os_compute_api:os-services:list to be performed.")) {
            try engine.enforce("os_compute_api:os-services:list", context: member, target: [:])
        }
    }

    @Test func overridesReplaceDefaultsAndUnknownNamesAreReported() {
        let (custom, problems) = PolicyEngine.make(
            overrides: [
                ("os_compute_api:os-hypervisors:list", "role:reader"),
                ("os_compute_api:os-hypervisor:lst", "@"),
                ("my_ops", "role:ops"),
                ("os_compute_api:os-services:list", "rule:my_ops or rule:context_is_admin"),
                ("os_compute_api:servers:create", "role:admin or"),
            ], source: "policy file /etc/nova/policy.yaml")
        #expect(custom.check("os_compute_api:os-hypervisors:list", context: member, target: [:]))
        #expect(problems.count == 2)
        #expect(problems.contains { $0.contains("unknown policy rule \"os_compute_api:os-hypervisor:lst\"") })
        #expect(problems.contains { $0.contains("rule \"os_compute_api:servers:create\" is not a valid check") })
        // The broken override keeps the default.
        #expect(custom.check("os_compute_api:servers:create", context: member, target: ["project_id": "p1"]))
    }

    @Test func genericChecksCompareCredentialsWithTargetOrLiterals() {
        let (custom, _) = PolicyEngine.make(overrides: [
            ("t1", "user_id:%(owner)s"), ("t2", "'p1':%(project_id)s"), ("t3", "is_admin:True"),
            ("t4", "not role:admin"), ("t5", "rule:t5"),
        ])
        #expect(custom.check("t1", context: member, target: ["owner": "alice"]))
        #expect(!custom.check("t1", context: member, target: [:]))
        #expect(custom.check("t2", context: member, target: ["project_id": "p1"]))
        #expect(custom.check("t3", context: admin, target: [:]))
        #expect(!custom.check("t3", context: member, target: [:]))
        #expect(custom.check("t4", context: member, target: [:]))
        #expect(!custom.check("t5", context: member, target: [:]))  // a loop denies, never hangs
    }
}

@Suite struct PolicyFileTests {
    func tempDir() throws -> String {
        let dir = NSTemporaryDirectory() + "policy-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func readsNovasYAMLShape() throws {
        let text = """
            # Nova policy overrides
            "os_compute_api:os-hypervisors:list": "role:admin or role:ops"
            'os_compute_api:servers:index': 'rule:project_reader_or_admin'  # trailing comment
            os_compute_api:limits: "@"
            "context_is_admin": "role:admin"
            #"os_compute_api:servers:create": "rule:project_member_or_admin"
            "empty": ""
            """
        let rules = try PolicyFile.parse(text)
        #expect(
            rules.map(\.0) == [
                "os_compute_api:os-hypervisors:list", "os_compute_api:servers:index",
                "os_compute_api:limits", "context_is_admin", "empty",
            ])
        #expect(rules.map(\.1) == ["role:admin or role:ops", "rule:project_reader_or_admin", "@", "role:admin", ""])
    }

    @Test func readsJSON() throws {
        let rules = try PolicyFile.parse(#"{"os_compute_api:limits": "!", "a": "role:x"}"#)
        #expect(rules.map(\.0) == ["a", "os_compute_api:limits"])
    }

    @Test func refusesWhatItCannotRead() {
        #expect(throws: PolicyFile.ParseError.self) { try PolicyFile.parse("\"unterminated: \"x\"") }
        #expect(throws: PolicyFile.ParseError.self) { try PolicyFile.parse("no colon here") }
        #expect(throws: PolicyFile.ParseError.self) { try PolicyFile.parse(#"{"a": 1}"#) }
    }

    @Test func theConfiguredFileOverridesDefaultsAndReportsUnknownRules() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "\"os_compute_api:os-hypervisors:list\": \"@\"\n\"os_compute_api:os-hypervisors:lsit\": \"@\"\n"
            .write(toFile: dir + "/policy.yaml", atomically: true, encoding: .utf8)
        try "[oslo_policy]\npolicy_file = policy.yaml\n".write(
            toFile: dir + "/nova.conf", atomically: true,
            encoding: .utf8)
        let config = try Config(definitions: NovaOptions.all, files: [dir + "/nova.conf"], configDir: nil, cli: [])
        let (engine, problems) = PolicyEngine.load(config: config)
        let member = RequestContext(userId: "u", projectId: "p", roles: ["member", "reader"])
        #expect(engine.check("os_compute_api:os-hypervisors:list", context: member, target: [:]))
        #expect(problems.count == 1)
        #expect(problems.first?.contains("\"os_compute_api:os-hypervisors:lsit\"") == true)
        #expect(problems.first?.contains(dir + "/policy.yaml") == true)
    }

    @Test func aMissingDefaultFileIsFineButAMissingNamedFileIsReported() {
        let quiet = Config(definitions: NovaOptions.all, overrides: ["oslo_policy.policy_file": .string("policy.yaml")])
        #expect(PolicyEngine.load(config: quiet).problems.isEmpty)
        let named = Config(
            definitions: NovaOptions.all, overrides: ["oslo_policy.policy_file": .string("/nope/p.yaml")])
        #expect(
            PolicyEngine.load(config: named).problems == ["policy file /nope/p.yaml not found; using the default rules"]
        )
    }
}

@Suite struct PolicyPipelineTests {
    @Test func aMemberGets403OnAnAdminAPIAndTheAdminGetsThrough() async {
        let harness = PipelineHarness(router: sampleRouter())
        let refused = await harness.send("GET", "/v2.1/os-hypervisors", token: "alice:p1")
        #expect(refused.status == 403)
        #expect(
            refused.json == [
                "forbidden": [
                    "code": 403,
                    "message": "Policy doesn't allow os_compute_api:os-hypervisors:list to be performed.",
                ]
            ])
        #expect(await harness.send("GET", "/v2.1/os-hypervisors", token: "admin:admin").status == 200)
    }

    @Test func aPolicyOverrideOpensTheAPI() async {
        let (engine, _) = PolicyEngine.make(overrides: [("os_compute_api:os-hypervisors:list", "role:reader")])
        let harness = PipelineHarness(router: sampleRouter(), policy: engine)
        #expect(await harness.send("GET", "/v2.1/os-hypervisors", token: "alice:p1").status == 200)
    }

    @Test func schemaErrorsComeBeforePolicyAsInNova() async {
        let (engine, _) = PolicyEngine.make(overrides: [("os_compute_api:servers:create", "!")])
        let harness = PipelineHarness(router: sampleRouter(), policy: engine)
        #expect(await harness.send("POST", "/v2.1/servers", body: "{}").status == 400)
        #expect(await harness.send("POST", "/v2.1/servers", body: #"{"server": {"name": "a"}}"#).status == 403)
    }
}
