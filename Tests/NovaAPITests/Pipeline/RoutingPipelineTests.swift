import Common
import Testing

@testable import NovaAPI

@Suite struct RoutingPipelineTests {
    let harness = PipelineHarness(router: sampleRouter())
    let project = "6f70656e737461636b20726f636b73"  // hex, as Keystone's ids are

    @Test func pathsWorkWithAndWithoutTheProjectId() async {
        let plain = await harness.send("GET", "/v2.1/servers/abc", token: "u:\(project)")
        #expect(plain.json?["params"] == ["server_id": "abc"])
        #expect(plain.json?["project_in_path"] == .null)
        let prefixed = await harness.send("GET", "/v2.1/\(project)/servers/abc", token: "u:\(project)")
        #expect(prefixed.status == 200)
        #expect(prefixed.json?["params"] == ["server_id": "abc"])
        #expect(prefixed.json?["project_in_path"] == .string(project))
    }

    @Test func aProjectIdThatIsNotTheCallersIs400() async {
        let other = "0123abcd"
        let response = await harness.send("GET", "/v2.1/\(other)/servers", token: "u:\(project)")
        #expect(response.status == 400)
        #expect(
            response.faultMessage == "Malformed request URL: URL's project_id '\(other)' doesn't match "
                + "Context's project_id '\(project)'")
    }

    @Test func anUnknownPathIsWebobsPlain404() async {
        let response = await harness.send("GET", "/v2.1/flavours")
        #expect(response.status == 404)
        #expect(response.headers["Content-Type"] == "text/plain; charset=UTF-8")
        #expect(response.text == "404 Not Found\n\nThe resource could not be found.\n\n   ")
        #expect(response.headers["OpenStack-API-Version"] == nil)
    }

    @Test func anUnknownPathAnswersJSONToAJSONClient() async {
        let response = await harness.send("GET", "/v2.1/flavours", headers: [("Accept", "application/json")])
        #expect(
            response.json == [
                "code": "404 Not Found", "title": "Not Found",
                "message": "The resource could not be found.\n\n   ",
            ])
    }

    @Test func aKnownPathWithAnUnknownMethodIs405BadMethod() async {
        let response = await harness.send("PATCH", "/v2.1/servers")
        #expect(response.status == 405)
        #expect(response.faultName == "badMethod")
        #expect(response.headers["Allow"] == "GET, POST")
    }

    @Test func queryReachesTheController() async {
        let response = await harness.send("GET", "/v2.1/servers?status=ACTIVE&status=ERROR&name=a%20b")
        #expect(response.json?["query"] == ["status": ["ACTIVE", "ERROR"], "name": ["a b"]])
    }

    @Test func outsideAVersionTheAnswerIs300Choices() async throws {
        let response = await harness.send("GET", "/servers", token: nil)
        #expect(response.status == 300)
        let choices = try #require(response.json?["choices"]?.arrayValue)
        #expect(choices.map { $0["id"] } == ["v2.0", "v2.1"])
        #expect(choices[1]["links"] == [["rel": "self", "href": "http://127.0.0.1:8774/v2.1/servers"]])
    }

    @Test func aDeleteAnswers204() async {
        #expect(await harness.send("DELETE", "/v2.1/servers/x").status == 204)
    }
}

@Suite struct BodyPipelineTests {
    let harness = PipelineHarness(router: sampleRouter())

    @Test func aBodyThatIsNotJSONIs400MalformedRequestBody() async {
        let response = await harness.send("POST", "/v2.1/servers", body: "{not json")
        #expect(response.status == 400)
        #expect(response.faultMessage == "Malformed request body")
    }

    @Test func theParsedBodyReachesTheController() async {
        let response = await harness.send("POST", "/v2.1/servers", body: #"{"server": {"name": "vm1"}}"#)
        #expect(response.status == 200)
        #expect(response.json?["body"] == ["server": ["name": "vm1"]])
        #expect(response.headers["Content-Type"] == "application/json")
    }

    @Test func contentTypeIsCheckedAsNovaDoes() async {
        let body = #"{"server": {"name": "vm1"}}"#
        let xml = await harness.send(
            "POST", "/v2.1/servers", headers: [("Content-Type", "application/xml")], body: body)
        #expect(xml.status == 415)
        #expect(xml.faultName == "badMediaType")
        #expect(xml.faultMessage == "Unsupported Content-Type")
        for type in ["text/plain", "application/json; charset=UTF-8", "application/vnd.openstack.compute+json"] {
            let ok = await harness.send("POST", "/v2.1/servers", headers: [("Content-Type", type)], body: body)
            #expect(ok.status == 200, "\(type)")
        }
    }

    @Test func aSchemaFailureIs400WithNovasWording() async {
        let response = await harness.send("POST", "/v2.1/servers", body: #"{"server": {"name": ""}}"#)
        #expect(response.status == 400)
        #expect(response.faultMessage == "Invalid input for field/attribute name. Value: . '' should be non-empty")
        let missing = await harness.send("POST", "/v2.1/servers", body: #"{"srv": {}}"#)
        #expect(missing.faultMessage == "'server' is a required property")
    }

    @Test func anEmptyBodyWhereOneIsRequiredFailsValidation() async {
        let response = await harness.send("POST", "/v2.1/servers", body: "")
        #expect(response.status == 400)
        #expect(response.faultMessage == "None is not of type 'object'")
    }

    @Test func actionsDispatchOnTheirBodyKey() async {
        #expect(await harness.send("POST", "/v2.1/servers/x/action", body: #"{"os-start": null}"#).status == 202)
        let unknown = await harness.send("POST", "/v2.1/servers/x/action", body: #"{"os-fly": null}"#)
        #expect(unknown.status == 400)
        #expect(unknown.faultMessage == "There is no such action: os-fly")
        let two = await harness.send("POST", "/v2.1/servers/x/action", body: #"{"os-start": null, "os-stop": null}"#)
        #expect(two.faultMessage == "Malformed request body")
        let bad = await harness.send("POST", "/v2.1/servers/x/action", body: #"{"reboot": {"type": "SOFTLY"}}"#)
        #expect(
            bad.faultMessage == "Invalid input for field/attribute type. Value: SOFTLY. 'SOFTLY' is not one of "
                + "['SOFT', 'HARD']")
    }

    @Test func anOversizeBodyIs413() async {
        var settings = APISettings()
        settings.maxRequestBodySize = 10
        let small = PipelineHarness(router: sampleRouter(), settings: settings)
        let response = await small.send("POST", "/v2.1/servers", body: #"{"server": {"name": "vm1"}}"#)
        #expect(response.status == 413)
        #expect(response.text.hasPrefix("413 Request Entity Too Large\n\nRequest is too large."))
    }
}
