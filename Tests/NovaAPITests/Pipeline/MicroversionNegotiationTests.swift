import Common
import Testing

@testable import NovaAPI

@Suite struct MicroversionNegotiationTests {
    let harness: PipelineHarness = {
        var settings = APISettings()
        settings.maximumVersion = "2.37"
        return PipelineHarness(router: sampleRouter(), settings: settings)
    }()

    @Test func withoutAHeaderTheAnswerIs2_1() async {
        let response = await harness.send("GET", "/v2.1/servers")
        #expect(response.json?["microversion"] == "2.1")
        #expect(response.headers["OpenStack-API-Version"] == "compute 2.1")
        #expect(response.headers["X-OpenStack-Nova-API-Version"] == "2.1")
        #expect(response.headers.values("Vary") == ["OpenStack-API-Version", "X-OpenStack-Nova-API-Version"])
    }

    @Test func latestIsTheMaximum() async {
        let response = await harness.send(
            "GET", "/v2.1/servers", headers: [("OpenStack-API-Version", "compute latest")])
        #expect(response.json?["microversion"] == "2.37")
        #expect(response.headers["OpenStack-API-Version"] == "compute 2.37")
    }

    @Test func aVersionInRangeIsServedAndEchoed() async {
        let response = await harness.send("GET", "/v2.1/servers", headers: [("OpenStack-API-Version", "compute 2.10")])
        #expect(response.json?["microversion"] == "2.10")
        #expect(response.headers["X-OpenStack-Nova-API-Version"] == "2.10")
    }

    @Test func tooHighIs406NamingTheRange() async {
        let response = await harness.send("GET", "/v2.1/servers", headers: [("OpenStack-API-Version", "compute 2.999")])
        #expect(response.status == 406)
        #expect(response.faultName == "computeFault")
        #expect(
            response.faultMessage == "Version 2.999 is not supported by the API. Minimum is 2.1 and maximum is 2.37.")
        #expect(response.headers["OpenStack-API-Version"] == "compute 2.999")
    }

    @Test func tooLowIs406() async {
        let response = await harness.send("GET", "/v2.1/servers", headers: [("OpenStack-API-Version", "compute 2.0")])
        #expect(response.status == 406)
    }

    @Test func malformedIs400() async {
        for value in ["compute 2", "compute two", "compute 2.01", "compute 02.1", "compute 2.1.1"] {
            let response = await harness.send("GET", "/v2.1/servers", headers: [("OpenStack-API-Version", value)])
            #expect(response.status == 400, "\(value)")
            #expect(response.faultName == "badRequest")
            #expect(response.headers["OpenStack-API-Version"] == nil)
        }
        let r = await harness.send("GET", "/v2.1/servers", headers: [("OpenStack-API-Version", "compute 2.x")])
        #expect(r.faultMessage == "API Version String 2.x is of invalid format. Must be of format MajorNum.MinorNum.")
    }

    @Test func theLegacyHeaderWorksAndTheNewOneWins() async {
        let legacy = await harness.send("GET", "/v2.1/servers", headers: [("X-OpenStack-Nova-API-Version", "2.20")])
        #expect(legacy.json?["microversion"] == "2.20")
        let both = await harness.send(
            "GET", "/v2.1/servers",
            headers: [
                ("X-OpenStack-Nova-API-Version", "2.20"), ("OpenStack-API-Version", "compute 2.30"),
            ])
        #expect(both.json?["microversion"] == "2.30")
    }

    @Test func anotherServicesVersionIsIgnored() async {
        let response = await harness.send("GET", "/v2.1/servers", headers: [("OpenStack-API-Version", "volume 3.50")])
        #expect(response.json?["microversion"] == "2.1")
        let listed = await harness.send(
            "GET", "/v2.1/servers",
            headers: [
                ("OpenStack-API-Version", "volume 3.50, compute 2.15")
            ])
        #expect(listed.json?["microversion"] == "2.15")
    }

    @Test func aRouteOutsideTheRequestedVersionIs404() async {
        #expect(await harness.send("GET", "/v2.1/late").status == 404)
        let served = await harness.send("GET", "/v2.1/late", headers: [("OpenStack-API-Version", "compute 2.5")])
        #expect(served.status == 200)
    }

    @Test func theLegacyV2EndpointIgnoresVersionHeaders() async {
        let response = await harness.send("GET", "/v2/servers", headers: [("OpenStack-API-Version", "compute 2.30")])
        #expect(response.status == 200)
        #expect(response.json?["microversion"] == "2.1")
        #expect(response.headers["OpenStack-API-Version"] == nil)
        #expect(response.headers["Vary"] == nil)
    }
}
