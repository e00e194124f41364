import Common
import Foundation
import Testing

@testable import NovaAPI

/// min_count / max_count values that scripts/hostile-http.sh sent: 1e23 used to trap converting to Int and
/// kill the API worker; Int.max built that many servers in memory before the quota check, until the worker
/// ran out of memory.
@Suite("Servers: huge min_count and max_count")
struct ServerCountLimitsTests {
    static func body(_ extra: [String: JSONValue]) -> JSONValue { ServersWriteTests.createBody(extra: extra) }

    @Test func countsPastIntsRangeReadAsHugeNotAsAbsentOrATrap() {
        #expect(RequestParsing.int(.double(1e23)) == nil)
        #expect(RequestParsing.int(.double(-1e23)) == nil)
        #expect(RequestParsing.count(.double(1e23)) == Int.max)
        #expect(RequestParsing.count(.string("99999999999999999999")) == Int.max)
        #expect(RequestParsing.count(.string("12")) == 12)
        #expect(RequestParsing.count(.string("1x")) == nil)
        #expect(RequestParsing.count(.double(2.5)) == nil)
    }

    @Test func theQuotaRuleSaturatesInsteadOfOverflowing() throws {
        let limits = QuotaLimits(["instances": 10, "cores": 20, "ram": 51200])
        #expect(throws: ComputeError.self) {
            try InstanceQuota.allowedCount(
                vcpus: 4, memoryMB: 4096, minCount: Int.max, maxCount: Int.max, limits: limits, usage: QuotaUsage())
        }
        // An unlimited instance count with limited cores still bounds a huge request.
        let cores = QuotaLimits(["instances": -1, "cores": 8, "ram": -1])
        #expect(try InstanceQuota.allowedCount(
            vcpus: 2, memoryMB: 512, minCount: 1, maxCount: Int.max, limits: cores, usage: QuotaUsage()) == 4)
    }

    @Test(arguments: [["min_count": 1e23], ["min_count": 9_223_372_036_854_775_807],
                      ["min_count": "99999999999999999999"], ["min_count": 11]] as [[String: JSONValue]])
    func aMinCountPastTheQuotaIs403TooManyInstances(extra: [String: JSONValue]) async throws {
        let h = await ControllerHarness()
        let r = await h.send("POST", "/v2.1/servers", version: "2.37", body: Self.body(extra))
        #expect(r.status == 403)
        #expect(r.faultName == "forbidden")
        #expect(r.faultMessage?.hasPrefix("Quota exceeded for instances") == true, "\(r.faultMessage ?? "")")
        #expect(r.faultMessage?.contains(": Requested ") == true)
        #expect(try await h.store.instances(InstanceQuery()).isEmpty)
    }

    @Test func aHugeMaxCountBuildsWhatTheQuotaAllows() async throws {
        let h = await ControllerHarness()
        let r = await h.send(
            "POST", "/v2.1/servers", version: "2.37", body: Self.body(["min_count": 1, "max_count": 1e23]))
        #expect(r.status == 202)
        #expect(try await h.store.instances(InstanceQuery()).count == 10)
    }

    @Test func withUnlimitedQuotaOneRequestIsCapped() async throws {
        var settings = ComputeSettings()
        for k in ["instances", "cores", "ram"] { settings.quotaDefaults[k] = -1 }
        let h = await ControllerHarness(settings: settings)
        let tooMany = await h.send(
            "POST", "/v2.1/servers", version: "2.37", body: Self.body(["min_count": 9_223_372_036_854_775_807]))
        #expect(tooMany.status == 400)
        #expect(tooMany.faultMessage == "min_count may be at most 1000 in one request")
        let many = await h.send(
            "POST", "/v2.1/servers", version: "2.37", body: Self.body(["min_count": 2, "max_count": 1e23]))
        #expect(many.status == 202)
        #expect(try await h.store.instances(InstanceQuery()).count == BuildPlan.maxServersPerRequest)
    }
}
