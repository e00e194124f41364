import Common
import Testing

@testable import NovaAPI

struct NamedDomainError: NovaNamedError {
    var novaClassName: String { "InstanceInvalidState" }
    var novaMessage: String { "Cannot 'os-start' instance abc while it is in vm_state active" }
}

@Suite struct FaultWrapperTests {
    let harness = PipelineHarness(router: sampleRouter())

    @Test func anUnexpectedErrorBecomesA500ComputeFaultNamingItsClass() async throws {
        let response = await harness.send("GET", "/v2.1/boom")
        #expect(response.status == 500)
        #expect(response.faultName == "computeFault")
        #expect(response.json?["computeFault"]?["code"] == 500)
        #expect(
            response.faultMessage == "Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ "
                + "and attach the Nova API log if possible.\n<class 'NovaAPITests.Boom'>")
        #expect(response.headers["Content-Type"] == "application/json; charset=UTF-8")
        #expect(response.headers["OpenStack-API-Version"] == "compute 2.1")
        let errors = harness.logs.all.filter { $0.level == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("NovaAPITests.Boom") == true)
        #expect(errors.first?.context?.requestId == response.headers["x-compute-request-id"])
    }

    @Test func aDomainErrorNamedLikeNovasMapsToItsStatus() async throws {
        let uuid = "34a593e7-7353-4ba4-88a9-c996c3efd5c1"
        let response = await harness.send("GET", "/v2.1/missing/\(uuid)")
        #expect(response.status == 404)
        #expect(
            response.json == [
                "itemNotFound": ["code": 404, "message": .string("Instance \(uuid) could not be found.")]
            ])
    }

    /// The header set of nova-samples/error_server_not_found_mv2.1.headers (less Server/Date/Connection/
    /// Content-Length, which the HTTP server adds).
    @Test func faultHeadersMatchNovasSample() async throws {
        let response = await harness.send("GET", "/v2.1/missing/x")
        let names = response.headers.fields.map { $0.name.lowercased() }.sorted()
        #expect(
            names == [
                "content-type", "openstack-api-version", "vary", "vary", "x-compute-request-id",
                "x-openstack-nova-api-version", "x-openstack-request-id",
            ])
        #expect(response.headers.values("Vary") == ["OpenStack-API-Version", "X-OpenStack-Nova-API-Version"])
        #expect(response.headers["X-OpenStack-Nova-API-Version"] == "2.1")
    }

    @Test func novaNamedErrorsUseTheTable() {
        let e = FaultMap.apiError(for: NamedDomainError())
        #expect(e?.status == 409)
        #expect(e?.faultName == "conflictingRequest")
        #expect(FaultMap.apiError(for: Boom()) == nil)
    }

    @Test func faultNamesByStatusAreNovas() {
        let expected = [
            400: "badRequest", 401: "unauthorized", 403: "forbidden", 404: "itemNotFound",
            405: "badMethod", 409: "conflictingRequest", 413: "overLimit", 415: "badMediaType",
            429: "overLimit", 501: "notImplemented", 503: "serviceUnavailable", 406: "computeFault",
            500: "computeFault", 502: "computeFault",
        ]
        for (status, name) in expected { #expect(APIError.faultName(for: status) == name) }
    }

    @Test func overLimitCarriesRetryAfterInBodyAndHeader() {
        let e = APIError.overLimit("Rate limited", status: 429, retryAfter: 30)
        #expect(e.body == ["overLimit": ["code": 429, "message": "Rate limited", "retryAfter": "30"]])
        #expect(e.headers == [.init("Retry-After", "30")])
        #expect(APIError.overLimit("too big").body["overLimit"]?["retryAfter"] == nil)
    }
}
