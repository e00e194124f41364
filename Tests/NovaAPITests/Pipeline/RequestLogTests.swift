import Common
import Foundation
import Testing

@testable import NovaAPI

@Suite struct RequestLogTests {
    let harness = PipelineHarness(router: sampleRouter())

    func requestLines() -> [CollectingLogSink.Entry] {
        harness.logs.all.filter { $0.logger == "nova.api.openstack.requestlog" }
    }

    @Test func aLineLikeNovasPerRequest() async throws {
        let response = await harness.send("GET", "/v2.1/servers?limit=1")
        let entry = try #require(requestLines().first)
        #expect(entry.level == .info)
        let pattern =
            #"^127\.0\.0\.1 "GET /v2\.1/servers\?limit=1" status: 200 len: (\d+) microversion: 2\.1 time: \d+\.\d{6}$"#
        let match = try #require(entry.message.firstMatch(of: try Regex(pattern)))
        #expect(String(entry.message[match.range]).contains("len: \(response.body.count) "))
        #expect(entry.context?.requestId == response.headers["x-compute-request-id"])
        #expect(entry.context?.userId == "demo")
    }

    @Test func unauthenticatedRequestsLogNoMicroversion() async throws {
        _ = await harness.send("GET", "/v2.1/servers", token: nil)
        let entry = try #require(requestLines().first)
        #expect(entry.message.contains("\"GET /v2.1/servers\" status: 401 "))
        #expect(entry.message.contains(" microversion: - time: "))
    }

    @Test func theOsloLineCarriesTheRequestContext() async throws {
        _ = await harness.send("POST", "/v2.1/servers", body: #"{"server": {"name": "a"}}"#)
        let entry = try #require(requestLines().first)
        let line = LogFormatter.format(
            date: Date(), pid: 42, level: entry.level, logger: entry.logger,
            context: entry.context, message: entry.message)
        #expect(line.contains(" 42 INFO nova.api.openstack.requestlog [req-"))
        #expect(line.contains(" demo demo] 127.0.0.1 \"POST /v2.1/servers\" status: 200 "))
    }

    @Test func clientAddressDropsThePort() {
        #expect(RequestLog.clientAddress("10.0.0.5:51000") == "10.0.0.5")
        #expect(RequestLog.clientAddress("[::1]:8080") == "::1")
        #expect(RequestLog.clientAddress("::1") == "::1")
        #expect(RequestLog.clientAddress("") == "-")
    }
}
