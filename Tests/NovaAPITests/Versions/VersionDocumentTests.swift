import Common
import Testing

@testable import NovaAPI

/// Compared with Nova 34's own answers (shared/nova-samples/root.json and v2.1.json, copied here).
@Suite struct VersionDocumentTests {
    static let novaRoot = """
        {"versions": [
          {"id": "v2.0", "status": "DEPRECATED", "version": "", "min_version": "", "updated": "2025-07-04T12:00:00Z",
           "links": [{"rel": "self", "href": "http://127.0.0.1:8774/v2/"}]},
          {"id": "v2.1", "status": "CURRENT", "version": "2.104", "min_version": "2.1",
           "updated": "2013-07-23T11:33:21Z", "links": [{"rel": "self", "href": "http://127.0.0.1:8774/v2.1/"}]}]}
        """
    static let novaV21 = """
        {"version": {"id": "v2.1", "status": "CURRENT", "version": "2.104", "min_version": "2.1",
          "updated": "2013-07-23T11:33:21Z",
          "links": [{"rel": "self", "href": "http://127.0.0.1:8774/v2.1/"},
                    {"rel": "describedby", "type": "text/html", "href": "http://docs.openstack.org/"}],
          "media-types": [{"base": "application/json",
                           "type": "application/vnd.openstack.compute+json;version=2.1"}]}}
        """

    /// At Nova's maximum the documents are Nova's, byte for byte once parsed.
    let atNovasMaximum: PipelineHarness = {
        var settings = APISettings()
        settings.maximumVersion = "2.104"
        return PipelineHarness(settings: settings)
    }()

    @Test func rootEqualsNovasSample() async throws {
        let response = await atNovasMaximum.send("GET", "/", token: nil)
        #expect(response.status == 200)
        #expect(response.json == (try JSONValue.parse(Self.novaRoot)))
        // root.headers: no request id, no microversion headers, plain application/json.
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.headers["x-compute-request-id"] == nil)
        #expect(response.headers["OpenStack-API-Version"] == nil)
    }

    @Test func v21EqualsNovasSampleWithOrWithoutTheSlash() async throws {
        for target in ["/v2.1", "/v2.1/"] {
            let response = await atNovasMaximum.send("GET", target, token: nil)
            #expect(response.json == (try JSONValue.parse(Self.novaV21)), "\(target)")
            #expect(response.headers["OpenStack-API-Version"] == "compute 2.1")
            #expect(response.headers.values("Vary") == ["OpenStack-API-Version", "X-OpenStack-Nova-API-Version"])
            #expect(response.headers["x-openstack-request-id"] == response.headers["x-compute-request-id"])
            #expect(response.headers["x-openstack-request-id"] != nil)
        }
    }

    @Test func ourMaximumIsAdvertised() async {
        let response = await PipelineHarness().send("GET", "/v2.1/", token: nil)
        #expect(response.json?["version"]?["version"] == .string("\(Microversion.maximum)"))
        #expect(response.json?["version"]?["min_version"] == "2.1")
    }

    @Test func theVersionDocumentNegotiatesToo() async {
        let response = await atNovasMaximum.send(
            "GET", "/v2.1/", token: nil,
            headers: [("OpenStack-API-Version", "compute 2.999")])
        #expect(response.status == 406)
    }

    @Test func linksFollowTheLinkPrefix() async {
        var settings = APISettings()
        settings.linkPrefix = "https://cloud.example.com/compute/"
        let response = await PipelineHarness(settings: settings).send("GET", "/", token: nil)
        #expect(
            response.json?["versions"]?.arrayValue?[1]["links"]
                == [["rel": "self", "href": "https://cloud.example.com/compute/v2.1/"]])
    }
}
