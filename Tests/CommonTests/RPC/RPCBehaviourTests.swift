import Common
import Foundation
import NovaTestSupport
import Testing

/// One behavioural suite, run on both transports: what services may rely on, whatever the bus.
@Suite("RPC behaviour")
struct RPCBehaviourTests {
    static let kinds = TransportKind.allCases
    let ctx = RequestContext(userId: "alice", projectId: "p1")

    @Test("call returns the endpoint's result", arguments: kinds)
    func callReturnsResult(kind: TransportKind) async throws {
        try await RPCTestBus.with(kind) { bus in
            _ = try await bus.server("conductor", "h1", endpoints: [TestEndpoint(server: "h1", recorder: Recorder())])
            let client = try bus.client("conductor")
            #expect(try await client.call(ctx, "add", args: ["a": 2, "b": 40]) == 42)
            let doc: JSONValue = ["name": "vm1", "tags": ["a", "b"], "n": 1.5, "ok": true, "none": nil]
            #expect(try await client.call(ctx, "echo", args: ["value": doc]) == doc)
        }
    }

    @Test("cast arrives at a server of the topic", arguments: kinds)
    func castArrives(kind: TransportKind) async throws {
        try await RPCTestBus.with(kind) { bus in
            let rec = Recorder()
            _ = try await bus.server("compute", "h1", endpoints: [TestEndpoint(server: "h1", recorder: rec)])
            try await bus.client("compute").cast(ctx, "record", args: ["value": "hello"])
            let events = await rec.wait(for: 1)
            #expect(events.map(\.value) == ["hello"])
        }
    }

    @Test("fanout cast reaches every server of the topic", arguments: kinds)
    func fanoutReachesEveryServer(kind: TransportKind) async throws {
        try await RPCTestBus.with(kind) { bus in
            let rec = Recorder()
            for h in ["h1", "h2", "h3"] {
                _ = try await bus.server("scheduler", h, endpoints: [TestEndpoint(server: h, recorder: rec)])
            }
            try await bus.client("scheduler").prepare(fanout: true).cast(ctx, "record", args: ["value": "sync"])
            let events = await rec.wait(for: 3)
            #expect(Set(events.map(\.server)) == ["h1", "h2", "h3"])
            #expect(events.count == 3)
        }
    }

    @Test("prepare(server:) sends to that server only", arguments: kinds)
    func serverDirectedCall(kind: TransportKind) async throws {
        try await RPCTestBus.with(kind) { bus in
            for h in ["h1", "h2"] {
                _ = try await bus.server("compute", h, endpoints: [TestEndpoint(server: h, recorder: Recorder())])
            }
            let client = try bus.client("compute").prepare(server: "h2")
            for _ in 0..<6 { #expect(try await client.call(ctx, "which_server") == "h2") }
        }
    }

    @Test("servers of one topic share its queue", arguments: kinds)
    func competingConsumers(kind: TransportKind) async throws {
        try await RPCTestBus.with(kind) { bus in
            let rec = Recorder()
            for h in ["c1", "c2"] {
                _ = try await bus.server("conductor", h, endpoints: [TestEndpoint(server: h, recorder: rec)],
                                         prefetch: 1)
            }
            let client = try bus.client("conductor")
            for i in 0..<20 { try await client.cast(ctx, "slow", args: ["ms": 20, "value": .int(i)]) }
            let events = await rec.wait(for: 20)
            #expect(events.count == 20)
            #expect(Set(events.map(\.value)) == Set((0..<20).map { JSONValue.int($0) }))
            #expect(Set(events.map(\.server)) == ["c1", "c2"])
        }
    }

    @Test("an unknown method comes back as NoSuchMethod", arguments: kinds)
    func noSuchMethod(kind: TransportKind) async throws {
        try await RPCTestBus.with(kind) { bus in
            _ = try await bus.server("conductor", "h1", endpoints: [TestEndpoint(server: "h1", recorder: Recorder())])
            let client = try bus.client("conductor")
            let e = await #expect(throws: NoSuchMethod.self) { try await client.call(ctx, "frobnicate") }
            #expect(e?.method == "frobnicate")
        }
    }

    @Test("a version the server does not speak comes back as UnsupportedVersion", arguments: kinds)
    func unsupportedVersion(kind: TransportKind) async throws {
        try await RPCTestBus.with(kind) { bus in
            _ = try await bus.server("conductor", "h1", endpoints: [TestEndpoint(server: "h1", recorder: Recorder())])
            let client = try bus.client("conductor")
            #expect(try await client.prepare(version: "1.5").call(ctx, "add", args: ["a": 1, "b": 1]) == 2)
            let major = await #expect(throws: UnsupportedVersion.self) {
                try await client.prepare(version: "2.0").call(ctx, "add")
            }
            #expect(major?.version == "2.0")
            await #expect(throws: UnsupportedVersion.self) { try await client.prepare(version: "1.6").call(ctx, "add") }
        }
    }

    @Test("an endpoint's error is raised in the caller as its own type", arguments: kinds)
    func remoteTypedError(kind: TransportKind) async throws {
        RemoteErrorRegistry.register(InstanceNotFoundForTest.self)
        try await RPCTestBus.with(kind) { bus in
            _ = try await bus.server("scheduler", "h1", endpoints: [TestEndpoint(server: "h1", recorder: Recorder())])
            let client = try bus.client("scheduler")
            do {
                _ = try await client.call(ctx, "no_valid_host", args: ["reason": "RamFilter removed 3 hosts"])
                Issue.record("no error thrown")
            } catch let e as NoValidHost {
                #expect(e.reason == "RamFilter removed 3 hosts")
                #expect(e.message == "No valid host was found. RamFilter removed 3 hosts")
            }
            let nf = await #expect(throws: InstanceNotFoundForTest.self) {
                try await client.call(ctx, "instance_not_found", args: ["id": "abc"])
            }
            #expect(nf?.fields["instance_id"] == "abc")
            let other = await #expect(throws: RemoteError.self) { try await client.call(ctx, "disk_full") }
            #expect(other?.exceptionType == "DiskFull")
            #expect(other?.message == "disk full on /var/lib/nova")
        }
    }

    @Test("a call nobody answers throws MessagingTimeout naming topic, method and timeout", arguments: kinds)
    func messagingTimeout(kind: TransportKind) async throws {
        try await RPCTestBus.with(kind) { bus in
            let client = try bus.client("nobody-listens", timeout: .milliseconds(400))
            let e = await #expect(throws: MessagingTimeout.self) { try await client.call(ctx, "ping") }
            #expect(e?.topic == "nobody-listens")
            #expect(e?.method == "ping")
            #expect(e?.message.contains("timeout 0.4 s") == true)
        }
    }

    @Test("the request context reaches the endpoint and its task-local scope", arguments: kinds)
    func contextPropagates(kind: TransportKind) async throws {
        try await RPCTestBus.with(kind) { bus in
            let rec = Recorder()
            _ = try await bus.server("conductor", "h1", endpoints: [TestEndpoint(server: "h1", recorder: rec)])
            let client = try bus.client("conductor")
            let r = try await client.call(ctx, "whoami")
            #expect(r["request_id"] == .string(ctx.requestId))
            #expect(r["current_request_id"] == .string(ctx.requestId))
            #expect(r["user_id"] == "alice")
            try await client.cast(ctx, "record", args: ["value": 1])
            #expect(await rec.wait(for: 1).first?.requestId == ctx.requestId)
        }
    }

    @Test("bad messages are dropped and acknowledged; the server goes on", arguments: kinds)
    func badMessageDropped(kind: TransportKind) async throws {
        try await RPCTestBus.with(kind) { bus in
            // prefetch 1: a bad message left unacknowledged would block the queue for the call below.
            _ = try await bus.server("conductor", "h1", endpoints: [TestEndpoint(server: "h1", recorder: Recorder())],
                                     prefetch: 1)
            let t = try bus.transport()
            let dest = RPCDestination.topic(exchange: "nova", topic: "conductor")
            let noMethod = JSONValue.object(["oslo.version": "2.0", "oslo.message": #"{"args": {}}"#]).serializedBytes()
            let oversized = [UInt8](repeating: UInt8(ascii: "x"), count: RPCEnvelope.maxMessageBytes + 1)
            for body in [Array("not json {".utf8), noMethod, Array(#"[1,2]"#.utf8), oversized] {
                try await t.send(OutgoingMessage(body: body, destination: dest), deadline: .now + .seconds(20))
            }
            #expect(try await bus.client("conductor").call(ctx, "add", args: ["a": 1, "b": 2]) == 3)
        }
    }

    @Test("a message over the size limit is refused by the sender", arguments: kinds)
    func oversizedRefused(kind: TransportKind) async throws {
        try await RPCTestBus.with(kind) { bus in
            let big = String(repeating: "y", count: RPCEnvelope.maxMessageBytes)
            await #expect(throws: MessageDeliveryFailure.self) {
                try await bus.client("conductor").cast(ctx, "record", args: ["value": .string(big)])
            }
        }
    }

    @Test("a cast sent while no server runs is received by a server started later", arguments: kinds)
    func castWaitsForServer(kind: TransportKind) async throws {
        try await RPCTestBus.with(kind) { bus in
            let rec = Recorder()
            try await bus.client("conductor").cast(ctx, "record", args: ["value": "early"])
            _ = try await bus.server("conductor", "late", endpoints: [TestEndpoint(server: "late", recorder: rec)])
            #expect(await rec.wait(for: 1).map(\.value) == ["early"])
        }
    }

    @Test("a message not yet taken when its server stops goes to the next server", arguments: kinds)
    func untakenMessageRequeuedOnStop(kind: TransportKind) async throws {
        try await RPCTestBus.with(kind) { bus in
            let rec = Recorder()
            // prefetch 1: while s1 runs the first cast, the second is not taken (queued or delivered and held).
            let s1 = try await bus.server("conductor", "s1", endpoints: [TestEndpoint(server: "s1", recorder: rec)],
                                          prefetch: 1)
            let client = try bus.client("conductor")
            try await client.cast(ctx, "slow_marked", args: ["ms": 300, "value": 1])
            try await client.cast(ctx, "slow_marked", args: ["ms": 1, "value": 2])
            await rec.waitFor(method: "started")
            await s1.stop()  // graceful: the first cast completes, the second is left for another server
            #expect(rec.events("slow").map(\.value) == [1])
            _ = try await bus.server("conductor", "s2", endpoints: [TestEndpoint(server: "s2", recorder: rec)])
            _ = await rec.wait(for: 4)
            #expect(rec.events("slow").map(\.value) == [1, 2])
            #expect(rec.events("slow").map(\.server) == ["s1", "s2"])
        }
    }

    @Test("stop lets in-flight calls finish and answer", arguments: kinds)
    func gracefulStop(kind: TransportKind) async throws {
        try await RPCTestBus.with(kind) { bus in
            let rec = Recorder()
            let s = try await bus.server("conductor", "h1", endpoints: [TestEndpoint(server: "h1", recorder: rec)])
            let client = try bus.client("conductor")
            let call = Task { try await client.call(ctx, "slow_marked", args: ["ms": 300, "value": "done"]) }
            await rec.waitFor(method: "started")
            await s.stop()
            #expect(try await call.value == "done")
        }
    }
}
