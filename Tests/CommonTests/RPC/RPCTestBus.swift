import Common
import Foundation
import NovaTestSupport

/// The transports the behavioural suite runs on.
enum TransportKind: String, CaseIterable, CustomStringConvertible, Sendable {
    case fake, rabbit
    var description: String { rawValue }
}

/// One test's message bus: its own `fake://` broker or RabbitMQ vhost, and the transports made on it.
final class RPCTestBus: @unchecked Sendable {
    // @unchecked: `transports` and `servers` are only touched while holding `lock`.
    let kind: TransportKind
    let url: String
    let vhost: String
    private let lock = NSLock()
    private var transports: [any Transport] = []
    private var servers: [RPCServer] = []

    init(_ kind: TransportKind) async throws {
        self.kind = kind
        switch kind {
        case .fake:
            vhost = "test-" + UUID().uuidString
            url = "fake:///" + vhost
        case .rabbit:
            vhost = try await TestBroker.newVhost()
            url = TestBroker.url(vhost: vhost)
        }
    }

    /// A new transport on this bus (as a separate process would have).
    func transport() throws -> any Transport {
        let t = try TransportFactory.make(url: url)
        lock.withLock { transports.append(t) }
        return t
    }

    /// Starts a server of `topic` named `server` on its own transport.
    func server(_ topic: String, _ server: String, endpoints: [any RPCEndpoint], prefetch: Int = 64) async throws
        -> RPCServer
    {
        let s = RPCServer(transport: try transport(), topic: topic, server: server, endpoints: endpoints,
                          exchange: "nova", prefetch: prefetch)
        try await s.start()
        lock.withLock { servers.append(s) }
        return s
    }

    func client(_ topic: String, timeout: Duration = .seconds(20)) throws -> RPCClient {
        RPCClient(transport: try transport(), topic: topic, version: "1.0", exchange: "nova", timeout: timeout)
    }

    func close() async {
        let (ss, ts) = lock.withLock { (servers, transports) }
        for s in ss { await s.stop() }
        for t in ts { await t.shutdown() }
        if kind == .rabbit { await TestBroker.removeVhost(vhost) }
    }

    /// Runs `body` with a fresh bus and always cleans it up.
    static func with<T>(_ kind: TransportKind, _ body: (RPCTestBus) async throws -> T) async throws -> T {
        let bus = try await RPCTestBus(kind)
        do {
            let r = try await body(bus)
            await bus.close()
            return r
        } catch {
            await bus.close()
            throw error
        }
    }
}

/// What the test endpoints saw, awaited by the tests.
final class Recorder: @unchecked Sendable {
    // @unchecked: `events` is only touched while holding `lock`.
    struct Event: Sendable, Equatable {
        let server: String
        let method: String
        let value: JSONValue
        let requestId: String?
    }

    private let lock = NSLock()
    private var events: [Event] = []

    func record(_ e: Event) { lock.withLock { events.append(e) } }

    var all: [Event] { lock.withLock { events } }

    /// Waits until an event of `method` arrived.
    func waitFor(method: String, timeout: Duration = .seconds(20)) async {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, !all.contains(where: { $0.method == method }) {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    func events(_ method: String) -> [Event] { all.filter { $0.method == method } }

    /// Waits until at least `count` events arrived (or `timeout` passed) and returns them.
    func wait(for count: Int, timeout: Duration = .seconds(20)) async -> [Event] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let e = all
            if e.count >= count { return e }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return all
    }
}

/// An error the tests register so that it comes back as itself.
struct InstanceNotFoundForTest: NovaRemoteError {
    static let remoteName = "InstanceNotFoundForTest"
    let message: String
    let fields: [String: JSONValue]
    init(instanceId: String) {
        message = "Instance \(instanceId) could not be found."
        fields = ["instance_id": .string(instanceId)]
    }
    init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}

/// A plain Swift error that no registry knows.
struct DiskFull: Error, CustomStringConvertible {
    var description: String { "disk full on /var/lib/nova" }
}

/// The endpoint every behavioural test serves: RPC API 1.5.
struct TestEndpoint: RPCEndpoint {
    let server: String
    let recorder: Recorder
    var version: RPCVersion { RPCVersion(1, 5) }

    var methods: [String: RPCMethod] {
        [
            "echo": { _, args in args["value"] ?? .null },
            "add": { _, args in .int((args["a"]?.intValue ?? 0) + (args["b"]?.intValue ?? 0)) },
            "which_server": { [server] _, _ in .string(server) },
            "whoami": { ctx, _ in
                [
                    "request_id": .string(ctx.requestId), "user_id": .from(ctx.userId),
                    "current_request_id": .from(RequestContext.current?.requestId),
                ]
            },
            "record": { [server, recorder] _, args in
                recorder.record(.init(server: server, method: "record", value: args["value"] ?? .null,
                                      requestId: RequestContext.current?.requestId))
                return .null
            },
            "slow": { [server, recorder] _, args in
                try await Task.sleep(for: .milliseconds(args["ms"]?.intValue ?? 100))
                recorder.record(.init(server: server, method: "slow", value: args["value"] ?? .null,
                                      requestId: RequestContext.current?.requestId))
                return args["value"] ?? .null
            },
            "slow_marked": { [server, recorder] _, args in
                recorder.record(.init(server: server, method: "started", value: args["value"] ?? .null,
                                      requestId: nil))
                try await Task.sleep(for: .milliseconds(args["ms"]?.intValue ?? 100))
                recorder.record(.init(server: server, method: "slow", value: args["value"] ?? .null,
                                      requestId: nil))
                return args["value"] ?? .null
            },
            "no_valid_host": { _, args in throw NoValidHost(reason: args["reason"]?.stringValue ?? "") },
            "instance_not_found": { _, args in
                throw InstanceNotFoundForTest(instanceId: args["id"]?.stringValue ?? "")
            },
            "disk_full": { _, _ in throw DiskFull() },
        ]
    }
}
