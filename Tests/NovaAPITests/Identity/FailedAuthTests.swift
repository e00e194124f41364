import Common
import Foundation
import NovaIdentity
import Testing

@testable import NovaAPI

@Suite struct FailedAuthTests {
    static let refusal: JSONValue = [
        "error": [
            "code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized",
        ]
    ]

    @Test func aWrongPasswordIs401WithKeystonesBodyAndNoToken() async throws {
        let h = try IdentityHarness()
        let response = await h.passwordAuth("demo", "guess", project: "demo")
        #expect(response.status == 401)
        #expect(response.json == Self.refusal)
        #expect(response.headers["X-Subject-Token"] == nil)
        #expect(response.headers["WWW-Authenticate"] == "Keystone uri=\"http://127.0.0.1:8774/identity\"")
    }

    @Test func anUnknownUserGetsTheSameAnswerAsAWrongPassword() async throws {
        let h = try IdentityHarness()
        let unknown = await h.passwordAuth("mallory", "guess", project: "demo")
        let wrong = await h.passwordAuth("demo", "guess", project: "demo")
        #expect(unknown.status == wrong.status)
        #expect(unknown.body == wrong.body)
        #expect(unknown.headers["WWW-Authenticate"] == wrong.headers["WWW-Authenticate"])
    }

    @Test func anUnknownDomainAndADisabledUserAreRefusedTheSameWay() async throws {
        let h = try IdentityHarness()
        let body = IdentityHarness.passwordBody("demo", IdentityHarness.demoPassword, project: "demo")
            .replacingOccurrences(of: "\"Default\"", with: "\"Nowhere\"")
        #expect(await h.send("POST", "/identity/v3/auth/tokens", body: body).json == Self.refusal)
        try h.usersFile.edit { d in d.users[d.users.firstIndex { $0.name == "demo" }!].enabled = false }
        #expect(h.service.reload() == nil)
        #expect(await h.passwordAuth("demo", IdentityHarness.demoPassword, project: "demo").json == Self.refusal)
    }

    @Test func failuresAreLoggedWithTheSourceAddressButNotThePassword() async throws {
        let h = try IdentityHarness()
        _ = await h.passwordAuth("demo", "hunter2", project: "demo", from: "10.1.2.3:5555")
        let line = try #require(h.logs.all.first { $0.level == .warning && $0.logger == "nova.api.identity" })
        #expect(line.message.contains("\"demo\""))
        #expect(line.message.contains("from 10.1.2.3:"))
        #expect(line.message.contains("wrong password"))
        #expect(!line.message.contains("hunter2"))
    }

    @Test func consecutiveFailuresFromOneAddressWaitLongerEachTime() async throws {
        let h = try IdentityHarness(failedAuthDelay: 1)
        for _ in 0..<4 { _ = await h.passwordAuth("demo", "guess", project: "demo", from: "10.0.0.9:1") }
        #expect(h.sleeps.delays == [1, 2, 4, 8])
        // Another address starts at the base delay; a success resets the address it came from.
        _ = await h.passwordAuth("nobody", "guess", project: "demo", from: "10.0.0.10:1")
        #expect(h.sleeps.delays.last == 1)
        #expect(
            await h.passwordAuth("demo", IdentityHarness.demoPassword, project: "demo", from: "10.0.0.9:2").status
                == 201)
        _ = await h.passwordAuth("demo", "guess", project: "demo", from: "10.0.0.9:3")
        #expect(h.sleeps.delays.last == 1)
        #expect(h.sleeps.delays.count == 6)
    }

    @Test func theDelayIsCappedAt30Seconds() async {
        let throttle = FailedAuthThrottle(baseDelay: 1)
        var last = 0.0
        for _ in 0..<12 { last = await throttle.recordFailure(source: "a", now: Date()).delay }
        #expect(last == 30)
        #expect(await FailedAuthThrottle(baseDelay: 0).recordFailure(source: "a", now: Date()).delay == 0)
    }

    @Test func successfulSignInsAreNotDelayed() async throws {
        let h = try IdentityHarness(failedAuthDelay: 1)
        #expect(await h.passwordAuth("demo", IdentityHarness.demoPassword, project: "demo").status == 201)
        #expect(h.sleeps.delays.isEmpty)
    }

    @Test func anUnknownUserIsCheckedAgainstAHashOfTheSameCost() async throws {
        // The work is the same whether the user exists: a dummy hash of the configured rounds.
        let verifier = PasswordVerifier(rounds: 5000)
        #expect(PasswordHash.sha512Rounds(of: verifier.dummyHash) == 5000)
        #expect(await verifier.verify("anything", against: nil) == false)
        let real = try PasswordHash.make("pw", rounds: 5000)
        #expect(await verifier.verify("pw", against: real))
        #expect(await verifier.verify("px", against: real) == false)
    }

    @Test func aProjectTheUserHasNoRoleOnIsRefused() async throws {
        let h = try IdentityHarness()
        let response = await h.passwordAuth("demo", IdentityHarness.demoPassword, project: "other")
        #expect(response.status == 401)
        #expect(response.json?["error"]?["message"]?.stringValue?.contains("has no access to project") == true)
        let missing = await h.passwordAuth("demo", IdentityHarness.demoPassword, project: "nope")
        #expect(missing.status == 401)
    }
}
