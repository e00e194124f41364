import Common
import Foundation
import NovaIdentity
import Testing

@testable import NovaAPI

@Suite struct TokenValidationTests {
    @Test func aUserValidatesItsOwnToken() async throws {
        let h = try IdentityHarness()
        let issued = await h.passwordAuth("demo", IdentityHarness.demoPassword, project: "demo")
        let token = try #require(issued.headers["X-Subject-Token"])
        let response = await h.send(
            "GET", "/identity/v3/auth/tokens", token: token, headers: [("X-Subject-Token", token)])
        #expect(response.status == 200)
        #expect(response.headers["X-Subject-Token"] == token)
        #expect(response.json == issued.json)
        let head = await h.send("HEAD", "/identity/v3/auth/tokens", token: token, headers: [("X-Subject-Token", token)])
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
    }

    @Test func onlyAnAdminValidatesSomeoneElsesToken() async throws {
        let h = try IdentityHarness()
        let demo = try await h.token("demo")
        let carol = try await h.token("carol")
        let admin = try await h.token("admin")
        let refused = await h.send(
            "GET", "/identity/v3/auth/tokens", token: carol, headers: [("X-Subject-Token", demo)])
        #expect(refused.status == 403)
        #expect(refused.json?["error"]?["title"] == "Forbidden")
        let allowed = await h.send(
            "GET", "/identity/v3/auth/tokens", token: admin, headers: [("X-Subject-Token", demo)])
        #expect(allowed.status == 200)
        #expect(allowed.json?["token"]?["user"]?["name"] == "demo")
    }

    @Test func badSubjectsAre404AndBadCallers401() async throws {
        let h = try IdentityHarness()
        let demo = try await h.token("demo")
        let badSubject = await h.send(
            "GET", "/identity/v3/auth/tokens", token: demo, headers: [("X-Subject-Token", "mn1.x.y")])
        #expect(badSubject.status == 404)
        #expect(badSubject.json?["error"]?["message"] == "Failed to validate token")
        let badCaller = await h.send(
            "GET", "/identity/v3/auth/tokens", token: "mn1.x.y", headers: [("X-Subject-Token", demo)])
        #expect(badCaller.status == 401)
        #expect(badCaller.headers["WWW-Authenticate"] != nil)
        #expect(await h.send("GET", "/identity/v3/auth/tokens", token: demo).status == 400)
    }

    @Test func aRevokedTokenStopsWorkingEverywhere() async throws {
        let h = try IdentityHarness()
        let first = try await h.token("demo")
        let second = try await h.token("demo")
        let revoke = await h.send(
            "DELETE", "/identity/v3/auth/tokens", token: first, headers: [("X-Subject-Token", first)])
        #expect(revoke.status == 204)
        #expect(await h.send("GET", "/v2.1/servers", token: first).status == 401)
        let check = await h.send(
            "GET", "/identity/v3/auth/tokens", token: second, headers: [("X-Subject-Token", first)])
        #expect(check.status == 404)
        #expect(await h.send("GET", "/v2.1/servers", token: second).status == 200)
    }

    @Test func revokingATokenRevokesTheTokensRescopedFromIt() async throws {
        let h = try IdentityHarness()
        let unscoped = try #require(
            await h.send(
                "POST", "/identity/v3/auth/tokens",
                body: IdentityHarness.passwordBody(
                    "demo", IdentityHarness.demoPassword, project: nil, scope: "unscoped")
            ).headers["X-Subject-Token"])
        let rescope: JSONValue = [
            "auth": [
                "identity": ["methods": ["token"], "token": ["id": .string(unscoped)]],
                "scope": ["project": ["id": .string(h.ids["project:demo"]!)]],
            ]
        ]
        let scoped = try #require(
            await h.send("POST", "/identity/v3/auth/tokens", body: rescope.serialized()).headers["X-Subject-Token"])
        #expect(await h.send("GET", "/v2.1/servers", token: scoped).status == 200)
        #expect(
            await h.send("DELETE", "/identity/v3/auth/tokens", token: scoped, headers: [("X-Subject-Token", unscoped)])
                .status == 204)
        #expect(await h.send("GET", "/v2.1/servers", token: scoped).status == 401)
    }

    @Test func anotherUserCannotRevokeMyToken() async throws {
        let h = try IdentityHarness()
        let demo = try await h.token("demo")
        let carol = try await h.token("carol")
        let response = await h.send(
            "DELETE", "/identity/v3/auth/tokens", token: carol, headers: [("X-Subject-Token", demo)])
        #expect(response.status == 403)
        #expect(await h.send("GET", "/v2.1/servers", token: demo).status == 200)
    }

    @Test func aPasswordChangeEndsEarlierTokens() async throws {
        let h = try IdentityHarness()
        let old = try await h.token("demo")
        h.clock.advance(1)
        var admin = IdentityAdmin(file: h.usersFile, rounds: IdentityHarness.rounds)
        let clock = h.clock
        admin.now = { clock.now }
        _ = try IdentityHarness.capture(admin, ["password-set", "--name", "demo", "--password", "new-secret"])
        #expect(h.service.reload() == nil)
        #expect(await h.send("GET", "/v2.1/servers", token: old).status == 401)
        #expect(await h.passwordAuth("demo", IdentityHarness.demoPassword, project: "demo").status == 401)
        h.clock.advance(1)
        let fresh = await h.passwordAuth("demo", "new-secret", project: "demo")
        #expect(fresh.status == 201)
        #expect(await h.send("GET", "/v2.1/servers", token: fresh.headers["X-Subject-Token"]).status == 200)
    }

    @Test func aRemovedRoleEndsTheTokensThatCarriedIt() async throws {
        let h = try IdentityHarness()
        let token = try await h.token("demo")
        try h.usersFile.edit { d in d.users[d.users.firstIndex { $0.name == "demo" }!].assignments = [] }
        #expect(h.service.reload() == nil)
        #expect(await h.send("GET", "/v2.1/servers", token: token).status == 401)
    }

    @Test func aReaderOnlyTokenCarriesOnlyReader() async throws {
        let h = try IdentityHarness()
        let admin = IdentityAdmin(file: h.usersFile, rounds: IdentityHarness.rounds)
        _ = try IdentityHarness.capture(
            admin, ["user-create", "--name", "eve", "--password", "pw", "--project", "demo", "--role", "reader"])
        h.service.reload()
        let token = try #require(await h.passwordAuth("eve", "pw", project: "demo").headers["X-Subject-Token"])
        #expect(await h.send("GET", "/v2.1/servers", token: token).json?["roles"] == ["reader"])
    }

    @Test func theUsersFileIsReReadAndABrokenOneKeepsThePreviousUsers() async throws {
        let h = try IdentityHarness()
        let admin = IdentityAdmin(file: h.usersFile, rounds: IdentityHarness.rounds)
        _ = try IdentityHarness.capture(
            admin, ["user-create", "--name", "frank", "--password", "pw", "--project", "demo", "--role", "member"])
        #expect(h.service.reload() == nil)
        #expect(await h.passwordAuth("frank", "pw", project: "demo").status == 201)
        try "{ not json".write(toFile: h.usersFile.path, atomically: true, encoding: .utf8)
        let problem = try #require(h.service.reload())
        #expect(problem.contains("not valid JSON"))
        #expect(await h.passwordAuth("frank", "pw", project: "demo").status == 201)
    }

    @Test func aBrokenFileNoticedOnTheWayIsLoggedAndIgnored() async throws {
        let h = try IdentityHarness()
        try "{ not json".write(toFile: h.usersFile.path, atomically: true, encoding: .utf8)
        h.clock.advance(2)
        #expect(await h.passwordAuth("demo", IdentityHarness.demoPassword, project: "demo").status == 201)
        #expect(h.logs.all.contains { $0.level == .error && $0.message.contains("not valid JSON") })
    }

    @Test func aChangedUsersFileIsPickedUpWithoutASignal() async throws {
        let h = try IdentityHarness()
        let admin = IdentityAdmin(file: h.usersFile, rounds: IdentityHarness.rounds)
        _ = try IdentityHarness.capture(
            admin, ["user-create", "--name", "gina", "--password", "pw", "--project", "demo", "--role", "member"])
        // The file is checked at most once a second: move the clock past that.
        h.clock.advance(2)
        #expect(await h.passwordAuth("gina", "pw", project: "demo").status == 201)
    }
}
