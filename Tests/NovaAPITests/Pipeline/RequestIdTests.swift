import Common
import Testing

@testable import NovaAPI

@Suite struct RequestIdTests {
    let harness = PipelineHarness(router: sampleRouter())

    @Test func everyAPIResponseCarriesBothRequestIdHeadersWithTheSameValue() async throws {
        let response = await harness.send("GET", "/v2.1/servers")
        let compute = try #require(response.headers["x-compute-request-id"])
        #expect(response.headers["x-openstack-request-id"] == compute)
        #expect(RequestIDs.isRequestId(compute))
        #expect(response.json?["request_id"]?.stringValue == compute)
    }

    @Test func errorsAndUnknownPathsCarryRequestIdsToo() async throws {
        for target in ["/v2.1/nothing-here", "/v2.1/boom"] {
            let response = await harness.send("GET", target)
            #expect(RequestIDs.isRequestId(try #require(response.headers["x-compute-request-id"])))
        }
        let unauthenticated = await harness.send("GET", "/v2.1/servers", token: nil)
        #expect(unauthenticated.headers["x-openstack-request-id"] != nil)
    }

    @Test func eachRequestGetsItsOwnId() async {
        let a = await harness.send("GET", "/v2.1/servers")
        let b = await harness.send("GET", "/v2.1/servers")
        #expect(a.headers["x-compute-request-id"] != b.headers["x-compute-request-id"])
    }

    @Test func incomingRequestIdBecomesTheGlobalIdWhileTheResponseKeepsTheLocalOne() async throws {
        let incoming = "req-0b5e6f1c-1d2e-4f3a-8b9c-0d1e2f3a4b5c"
        let response = await harness.send("GET", "/v2.1/servers", headers: [("X-OpenStack-Request-ID", incoming)])
        #expect(response.json?["global_request_id"]?.stringValue == incoming)
        let local = try #require(response.headers["x-openstack-request-id"])
        #expect(local != incoming)
        #expect(response.json?["request_id"]?.stringValue == local)
    }

    @Test func malformedIncomingRequestIdIsIgnored() async {
        let response = await harness.send("GET", "/v2.1/servers", headers: [("X-OpenStack-Request-ID", "hello")])
        #expect(response.json?["global_request_id"] == .null)
    }

    @Test func theControllerRunsWithTheContextInTheTaskLocal() async {
        let response = await harness.send("GET", "/v2.1/servers")
        #expect(response.json?["context_in_task"]?.stringValue == response.headers["x-compute-request-id"])
    }

    @Test func requestIdFormat() {
        #expect(RequestIDs.isRequestId("req-0b5e6f1c-1d2e-4f3a-8b9c-0d1e2f3a4b5c"))
        #expect(!RequestIDs.isRequestId("req-0b5e6f1c-1d2e-4f3a-8b9c-0d1e2f3a4b5"))
        #expect(!RequestIDs.isRequestId("0b5e6f1c-1d2e-4f3a-8b9c-0d1e2f3a4b5c"))
        #expect(!RequestIDs.isRequestId("req-0B5E6F1C-1D2E-4F3A-8B9C-0D1E2F3A4B5C"))
    }
}
