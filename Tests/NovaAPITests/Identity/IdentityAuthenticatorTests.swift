import Common
import Foundation
import Testing

@testable import NovaAPI
@testable import NovaIdentity

@Suite struct IdentityAuthenticatorTests {
    @Test func aTokenNamesUserProjectAndRolesForTheComputeAPI() async throws {
        let h = try IdentityHarness()
        let json = await h.send("GET", "/v2.1/servers", token: try await h.token("demo")).json
        #expect(json?["user"] == .string(h.ids["user:demo"]!))
        #expect(json?["project"] == .string(h.ids["project:demo"]!))
        #expect(json?["roles"] == ["member", "reader"])
        #expect(json?["is_admin"] == false)
    }

    @Test func rolesDrivePolicy() async throws {
        let h = try IdentityHarness()
        let demo = await h.send("GET", "/v2.1/os-hypervisors", token: try await h.token("demo"))
        #expect(demo.status == 403)
        let admin = await h.send("GET", "/v2.1/os-hypervisors", token: try await h.token("admin"))
        #expect(admin.status == 200)
        #expect(admin.json?["is_admin"] == true)
        #expect(admin.json?["roles"] == ["admin", "member", "reader"])
    }

    @Test func noTokenIs401WithWWWAuthenticate() async throws {
        let h = try IdentityHarness()
        let response = await h.send("GET", "/v2.1/servers")
        #expect(response.status == 401)
        #expect(response.headers["WWW-Authenticate"] == "Keystone uri=\"http://127.0.0.1:8774/identity\"")
        #expect(response.faultName == "unauthorized")
    }

    @Test func wwwAuthenticateFollowsThePublicEndpoint() async throws {
        var settings = IdentityService.Settings()
        settings.publicEndpoint = PublicEndpoint("https://cloud.example.com:13774")
        let h = try IdentityHarness(settings: settings)
        let response = await h.send("GET", "/v2.1/servers", token: "nonsense")
        #expect(response.headers["WWW-Authenticate"] == "Keystone uri=\"https://cloud.example.com:13774/identity\"")
    }

    @Test func noauth2StyleTokensAreRefused() async throws {
        let h = try IdentityHarness()
        #expect(await h.send("GET", "/v2.1/servers", token: "admin:admin").status == 401)
    }

    @Test func aTamperedTokenIsRefused() async throws {
        let h = try IdentityHarness()
        let token = try await h.token("demo")
        let parts = token.split(separator: ".").map(String.init)
        // Swap the payload for one naming the admin project, keeping the signature.
        var payload = try #require(Base64URL.decode(parts[1]))
        let text = String(decoding: payload, as: UTF8.self)
            .replacingOccurrences(of: h.ids["project:demo"]!, with: h.ids["project:admin"]!)
        payload = Array(text.utf8)
        let forged = [parts[0], Base64URL.encode(payload), parts[2]].joined(separator: ".")
        #expect(await h.send("GET", "/v2.1/servers", token: forged).status == 401)
        // One changed character in the signature.
        var mac = Array(parts[2])
        mac[5] = mac[5] == "A" ? "B" : "A"
        #expect(
            await h.send("GET", "/v2.1/servers", token: parts[0] + "." + parts[1] + "." + String(mac)).status == 401)
        #expect(await h.send("GET", "/v2.1/servers", token: token + "x").status == 401)
        #expect(await h.send("GET", "/v2.1/servers", token: token).status == 200)
    }

    @Test func aTokenSignedWithAnotherKeyIsRefused() async throws {
        let h = try IdentityHarness()
        let token = try await h.token("demo")
        let payload = try #require(Base64URL.decode(token.split(separator: ".")[1]))
        let genuine = try #require(TokenCodec.token(payload))
        let foreign = TokenCodec(keys: [try SecureRandom.bytes(32)]).encode(genuine)
        #expect(await h.send("GET", "/v2.1/servers", token: foreign).status == 401)
    }

    @Test func anExpiredTokenIsRefused() async throws {
        var settings = IdentityService.Settings()
        settings.tokenExpiration = 120
        let h = try IdentityHarness(settings: settings)
        let token = try await h.token("demo")
        h.clock.advance(60)
        #expect(await h.send("GET", "/v2.1/servers", token: token).status == 200)
        h.clock.advance(61)
        let response = await h.send("GET", "/v2.1/servers", token: token)
        #expect(response.status == 401)
        #expect(h.logs.all.contains { $0.message.contains("expired") })
    }

    @Test func aTokenOfAnotherProjectIsRefusedForThatProject() async throws {
        let h = try IdentityHarness()
        let carol = try await h.token("carol")
        let demoProject = h.ids["project:demo"]!
        let response = await h.send("GET", "/v2.1/\(demoProject)/servers", token: carol)
        #expect(response.status == 400)
        #expect(response.faultMessage?.contains("doesn't match Context's project_id") == true)
        let own = await h.send("GET", "/v2.1/\(h.ids["project:other"]!)/servers", token: carol)
        #expect(own.status == 200)
    }

    @Test func imageEndpointUsesTheSameTokens() async throws {
        let h = try IdentityHarness()
        #expect(await h.send("GET", "/image/v2/images").status == 401)
        #expect(await h.send("GET", "/image/v2/images", token: try await h.token("demo")).status == 200)
    }
}
