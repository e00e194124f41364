import Common
import Testing

@testable import NovaAPI

@Suite struct IdentityDiscoveryTests {
    @Test func rootListsV3AsMultipleChoicesWithoutAToken() async throws {
        let h = try IdentityHarness()
        for path in ["/identity", "/identity/"] {
            let response = await h.send("GET", path)
            #expect(response.status == 300)
            #expect(response.headers["Content-Type"] == "application/json")
            #expect(response.headers["x-openstack-request-id"]?.hasPrefix("req-") == true)
            let v3 = response.json?["versions"]?["values"]?.arrayValue?.first
            #expect(v3?["id"] == "v3.14")
            #expect(v3?["status"] == "stable")
            #expect(v3?["links"] == [["rel": "self", "href": "http://127.0.0.1:8774/identity/v3/"]])
            #expect(
                v3?["media-types"] == [
                    ["base": "application/json", "type": "application/vnd.openstack.identity-v3+json"]
                ])
        }
    }

    @Test func v3DocumentNamesItself() async throws {
        let h = try IdentityHarness()
        let response = await h.send("GET", "/identity/v3")
        #expect(response.status == 200)
        #expect(response.json?["version"]?["id"] == "v3.14")
        #expect(response.json?["version"]?["links"]?.arrayValue?.first?["href"] == "http://127.0.0.1:8774/identity/v3/")
        #expect(await h.send("HEAD", "/identity/v3/").body.isEmpty)
    }

    @Test func linksFollowThePublicEndpointWhenSet() async throws {
        var settings = IdentityService.Settings()
        settings.publicEndpoint = PublicEndpoint("https://cloud.example.com:8774/")
        let h = try IdentityHarness(settings: settings)
        let response = await h.send("GET", "/identity")
        #expect(
            response.json?["versions"]?["values"]?.arrayValue?.first?["links"]?.arrayValue?.first?["href"]
                == "https://cloud.example.com:8774/identity/v3/")
    }

    @Test func unknownPathsAndMethodsAreKeystoneErrors() async throws {
        let h = try IdentityHarness()
        let missing = await h.send("GET", "/identity/v3/no-such-thing")
        #expect(missing.status == 404)
        #expect(missing.json?["error"]?["title"] == "Not Found")
        #expect(missing.json?["error"]?["code"] == 404)
        #expect(await h.send("PUT", "/identity/v3/auth/tokens").status == 405)
        #expect(await h.send("POST", "/identity/v3").status == 405)
    }

    @Test func anUnrelatedPrefixIsNotTheIdentityApp() async throws {
        let h = try IdentityHarness()
        // `/identityx` is no mount: the compute pipeline answers it with its version choices.
        #expect(await h.send("GET", "/identityx").status == 300)
        #expect(await h.send("GET", "/identityx").json?["choices"] != nil)
    }
}
