import Common
import Testing

@testable import NovaAPI

@Suite struct AuthTests {
    let harness = PipelineHarness(router: sampleRouter())

    @Test func noTokenIs401WithNovasBodyAndNoVersionHeaders() async {
        let response = await harness.send("GET", "/v2.1/servers", token: nil)
        #expect(response.status == 401)
        #expect(
            response.json == [
                "unauthorized": [
                    "code": 401,
                    "message": "The request you have made requires authentication.",
                ]
            ])
        #expect(response.headers["OpenStack-API-Version"] == nil)
    }

    @Test func unknownPathsAreStillBehindAuth() async {
        #expect(await harness.send("GET", "/v2.1/no-such-thing", token: nil).status == 401)
    }

    @Test func tokenNamesUserAndProject() async {
        let json = await harness.send("GET", "/v2.1/servers", token: "alice:p1").json
        #expect(json?["user"] == "alice")
        #expect(json?["project"] == "p1")
        #expect(json?["is_admin"] == false)
        #expect(json?["roles"] == ["member", "reader"])
    }

    @Test func projectDefaultsToTheUser() async {
        for token in ["bob", "bob:"] {
            let json = await harness.send("GET", "/v2.1/servers", token: token).json
            #expect(json?["project"] == "bob")
        }
    }

    @Test func theAdminUserIsAdmin() async {
        let json = await harness.send("GET", "/v2.1/servers", token: "admin:admin").json
        #expect(json?["is_admin"] == true)
        #expect(json?["roles"]?.arrayValue?.contains("admin") == true)
    }

    @Test func anEmptyUserIsRefused() async {
        #expect(await harness.send("GET", "/v2.1/servers", token: ":p1").status == 401)
    }

    @Test func versionDocumentsNeedNoToken() async {
        #expect(await harness.send("GET", "/", token: nil).status == 200)
        #expect(await harness.send("GET", "/v2.1/", token: nil).status == 200)
        #expect(await harness.send("GET", "/v2.1", token: nil).status == 200)
    }
}
