import Common
import Foundation
import Testing

/// The conductor's scheduler client sends `select_destinations` again after a MessagingTimeout (Nova's
/// retry_select_destinations), so a scheduler that took the request and died costs one timeout, not the boot.
@Suite struct SchedulerRPCAPIRetryTests {
    /// How many requests a stub scheduler received.
    final class Counter: Sendable {
        let value = Locked(0)
        func next() -> Int {
            value.withLock { c in
                c += 1
                return c
            }
        }
        var count: Int { value.withLock { $0 } }
    }

    /// A scheduler whose first `hang` requests never get an answer (as one killed mid-request).
    struct HangingScheduler: RPCEndpoint {
        let calls: Counter
        let hang: Int
        let version = RPCVersion(4, 5)
        var methods: [String: RPCMethod] {
            ["select_destinations": { [self] _, _ in
                if calls.next() <= hang { try await Task.sleep(for: .seconds(30)) }
                var s = Selection()
                s.serviceHost = "h1"
                s.nodename = "h1"
                return [[s.toPrimitive()]]
            }]
        }
    }

    final class Bus: Sendable {
        let url = "fake:///sched-retry-" + UUID().uuidString
        let calls = Counter()

        func start(hang: Int) async throws -> RPCServer {
            let server = RPCServer(transport: try TransportFactory.make(url: url), topic: SchedulerRPCAPI.topic,
                                   server: "s1", endpoints: [HangingScheduler(calls: calls, hang: hang)],
                                   exchange: "nova", prefetch: 8)
            try await server.start()
            return server
        }

        func api(maxAttempts: Int) throws -> SchedulerRPCAPI {
            let conf = Config(definitions: NovaOptions.all, overrides: [
                "rpc_response_timeout": .int(1), "scheduler.max_attempts": .int(maxAttempts),
            ])
            return SchedulerRPCAPI(conf: conf, transport: try TransportFactory.make(url: url))
        }
    }

    func spec() -> RequestSpec {
        var s = RequestSpec()
        s.instanceUUID = "i1"
        return s
    }

    @Test func aRequestLostInASchedulerIsSentAgainAndAnswered() async throws {
        let bus = Bus()
        let server = try await bus.start(hang: 1)
        defer { Task { await server.stop() } }
        let api = try bus.api(maxAttempts: 3)
        #expect(api.timeoutRetries == 2)
        let sels = try await api.selectDestinations(RequestContext(isAdmin: true), requestSpec: spec(),
                                                    instanceUUIDs: ["i1"])
        #expect(sels.first?.first?.serviceHost == "h1")
        #expect(bus.calls.count == 2)
    }

    @Test func theRetriesStopAfterMaxAttemptsMinusOne() async throws {
        let bus = Bus()
        let server = try await bus.start(hang: 10)
        defer { Task { await server.stop() } }
        let api = try bus.api(maxAttempts: 2)
        await #expect(throws: MessagingTimeout.self) {
            _ = try await api.selectDestinations(RequestContext(isAdmin: true), requestSpec: spec(),
                                                 instanceUUIDs: ["i1"])
        }
        #expect(bus.calls.count == 2)
    }

    @Test func otherErrorsAreNotRetried() async throws {
        let bus = Bus()
        let api = try bus.api(maxAttempts: 3)
        let server = RPCServer(transport: try TransportFactory.make(url: bus.url), topic: SchedulerRPCAPI.topic,
                               server: "s1", endpoints: [NoHost(calls: bus.calls)], exchange: "nova", prefetch: 8)
        try await server.start()
        defer { Task { await server.stop() } }
        await #expect(throws: NoValidHost.self) {
            _ = try await api.selectDestinations(RequestContext(isAdmin: true), requestSpec: spec(),
                                                 instanceUUIDs: ["i1"])
        }
        #expect(bus.calls.count == 1)
    }

    struct NoHost: RPCEndpoint {
        let calls: Counter
        let version = RPCVersion(4, 5)
        var methods: [String: RPCMethod] {
            ["select_destinations": { [self] _, _ in
                _ = calls.next()
                throw NoValidHost(reason: "There are not enough hosts available.")
            }]
        }
    }
}
