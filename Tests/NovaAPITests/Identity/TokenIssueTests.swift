import Common
import Foundation
import NovaIdentity
import Testing

@testable import NovaAPI

@Suite struct TokenIssueTests {
    @Test func passwordByNameAndDomainGivesAProjectScopedToken() async throws {
        let h = try IdentityHarness()
        let response = await h.passwordAuth("demo", IdentityHarness.demoPassword, project: "demo")
        #expect(response.status == 201)
        #expect(response.headers["X-Subject-Token"]?.hasPrefix("mn1.") == true)
        #expect(response.headers["Vary"] == "X-Auth-Token")
        let token = try #require(response.json?["token"])
        #expect(token["methods"] == ["password"])
        #expect(
            token["user"]
                == [
                    "id": .string(h.ids["user:demo"]!), "name": "demo", "domain": ["id": "default", "name": "Default"],
                    "password_expires_at": nil,
                ])
        #expect(
            token["project"]
                == [
                    "id": .string(h.ids["project:demo"]!), "name": "demo",
                    "domain": ["id": "default", "name": "Default"],
                ])
        #expect(token["is_domain"] == false)
        // member implies reader, as Keystone's default roles.
        #expect(token["roles"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["member", "reader"])
        #expect(token["roles"]?.arrayValue?.first?["id"]?.stringValue?.count == 32)
        #expect(token["audit_ids"]?.arrayValue?.first?.stringValue?.count == 22)
    }

    @Test func issuedAndExpiryTimesAreKeystones() async throws {
        var settings = IdentityService.Settings()
        settings.tokenExpiration = 600
        let h = try IdentityHarness(settings: settings)
        let token = try #require(
            await h.passwordAuth("demo", IdentityHarness.demoPassword, project: "demo").json?["token"])
        let issued = try #require(token["issued_at"]?.stringValue)
        let expires = try #require(token["expires_at"]?.stringValue)
        #expect(issued.hasSuffix("Z") && issued.count == "2015-11-07T02:58:43.578887Z".count)
        #expect(expires.hasSuffix(".000000Z"))
        let lifetime = try #require(NovaTime.parse(expires)).timeIntervalSince(try #require(NovaTime.parse(issued)))
        #expect(lifetime > 599 && lifetime <= 600)
    }

    @Test func userAndProjectById() async throws {
        let h = try IdentityHarness()
        let body: JSONValue = [
            "auth": [
                "identity": [
                    "methods": ["password"],
                    "password": [
                        "user": ["id": .string(h.ids["user:demo"]!), "password": .string(IdentityHarness.demoPassword)]
                    ],
                ],
                "scope": ["project": ["id": .string(h.ids["project:demo"]!)]],
            ]
        ]
        let response = await h.send("POST", "/identity/v3/auth/tokens", body: body.serialized())
        #expect(response.status == 201)
        #expect(response.json?["token"]?["project"]?["name"] == "demo")
    }

    @Test func domainsByIdWork() async throws {
        let h = try IdentityHarness()
        let body = IdentityHarness.passwordBody("demo", IdentityHarness.demoPassword, project: "demo")
            .replacingOccurrences(of: "{\"name\":\"Default\"}", with: "{\"id\":\"default\"}")
        let response = await h.send("POST", "/identity/v3/auth/tokens", body: body)
        #expect(response.status == 201)
    }

    @Test func catalogListsComputeImageAndIdentityFromTheHostHeader() async throws {
        let h = try IdentityHarness()
        let catalog = try #require(
            await h.passwordAuth("demo", IdentityHarness.demoPassword, project: "demo").json?["token"]?["catalog"]?
                .arrayValue)
        let byType = Dictionary(uniqueKeysWithValues: catalog.map { ($0["type"]?.stringValue ?? "", $0) })
        #expect(Set(byType.keys) == ["compute", "image", "identity"])
        #expect(byType["compute"]?["name"] == "nova")
        #expect(byType["image"]?["name"] == "glance")
        let endpoints = try #require(byType["compute"]?["endpoints"]?.arrayValue)
        #expect(Set(endpoints.compactMap { $0["interface"]?.stringValue }) == ["public", "internal", "admin"])
        for e in endpoints {
            #expect(e["url"] == "http://127.0.0.1:8774/v2.1")
            #expect(e["region"] == "RegionOne")
            #expect(e["region_id"] == "RegionOne")
        }
        #expect(byType["image"]?["endpoints"]?.arrayValue?.first?["url"] == "http://127.0.0.1:8774/image")
        #expect(byType["identity"]?["endpoints"]?.arrayValue?.first?["url"] == "http://127.0.0.1:8774/identity")
    }

    @Test func catalogFollowsThePublicEndpointAndRegion() async throws {
        var settings = IdentityService.Settings()
        settings.publicEndpoint = PublicEndpoint("https://cloud.example.com")
        settings.region = "north"
        let h = try IdentityHarness(settings: settings)
        let catalog = try #require(
            await h.passwordAuth("demo", IdentityHarness.demoPassword, project: "demo").json?["token"]?["catalog"]?
                .arrayValue)
        let compute = try #require(catalog.first { $0["type"] == "compute" })
        #expect(compute["endpoints"]?.arrayValue?.first?["url"] == "https://cloud.example.com/v2.1")
        #expect(compute["endpoints"]?.arrayValue?.first?["region"] == "north")
    }

    @Test func nocatalogLeavesTheCatalogOut() async throws {
        let h = try IdentityHarness()
        let response = await h.passwordAuth("demo", IdentityHarness.demoPassword, project: "demo", query: "?nocatalog")
        #expect(response.status == 201)
        #expect(response.json?["token"]?["catalog"] == nil)
        #expect(response.json?["token"]?["project"] != nil)
    }

    @Test func noScopeUsesTheDefaultProjectAndUnscopedMeansNone() async throws {
        let h = try IdentityHarness()
        let defaulted = await h.passwordAuth("demo", IdentityHarness.demoPassword, project: nil)
        #expect(defaulted.status == 201)
        #expect(defaulted.json?["token"]?["project"]?["name"] == "demo")
        let body = IdentityHarness.passwordBody("demo", IdentityHarness.demoPassword, project: nil, scope: "unscoped")
        let unscoped = await h.send("POST", "/identity/v3/auth/tokens", body: body)
        #expect(unscoped.status == 201)
        #expect(unscoped.json?["token"]?["project"] == nil)
        #expect(unscoped.json?["token"]?["roles"] == nil)
        #expect(unscoped.json?["token"]?["catalog"] == nil)
        // An unscoped token opens nothing in the compute API.
        let token = try #require(unscoped.headers["X-Subject-Token"])
        #expect(await h.send("GET", "/v2.1/servers", token: token).status == 401)
    }

    @Test func aTokenRescopesWithTheTokenMethod() async throws {
        let h = try IdentityHarness()
        let body = IdentityHarness.passwordBody("demo", IdentityHarness.demoPassword, project: nil, scope: "unscoped")
        let unscoped = await h.send("POST", "/identity/v3/auth/tokens", body: body)
        let unscopedToken = try #require(unscoped.headers["X-Subject-Token"])
        let rescope: JSONValue = [
            "auth": [
                "identity": ["methods": ["token"], "token": ["id": .string(unscopedToken)]],
                "scope": ["project": ["name": "demo", "domain": ["id": "default"]]],
            ]
        ]
        let scoped = await h.send("POST", "/identity/v3/auth/tokens", body: rescope.serialized())
        #expect(scoped.status == 201)
        #expect(scoped.json?["token"]?["methods"] == ["token", "password"])
        #expect(scoped.json?["token"]?["audit_ids"]?.arrayValue?.count == 2)
        #expect(scoped.json?["token"]?["expires_at"] == unscoped.json?["token"]?["expires_at"])
        let token = try #require(scoped.headers["X-Subject-Token"])
        #expect(await h.send("GET", "/v2.1/servers", token: token).status == 200)
    }

    @Test func malformedBodiesAre400() async throws {
        let h = try IdentityHarness()
        for body in [
            "not json", "{}", "{\"auth\": {}}", "{\"auth\": {\"identity\": {\"methods\": []}}}",
            "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": \"demo\", \"password\": \"x\"}}}}}",
        ] {
            let response = await h.send("POST", "/identity/v3/auth/tokens", body: body)
            #expect(response.status == 400, "\(body)")
            #expect(response.json?["error"]?["title"] == "Bad Request")
        }
    }

    @Test func domainAndSystemScopesAreRefusedClearly() async throws {
        let h = try IdentityHarness()
        let body = IdentityHarness.passwordBody(
            "admin", IdentityHarness.adminPassword, project: nil, scope: ["system": ["all": true]])
        let response = await h.send("POST", "/identity/v3/auth/tokens", body: body)
        #expect(response.status == 400)
        #expect(response.json?["error"]?["message"]?.stringValue?.contains("project-scoped") == true)
    }
}
