import Common
import Foundation
import NovaTestSupport
import Testing

/// The broker drops every connection of the bus (`rabbitmqctl close_all_connections`, as an operator or a
/// broker restart would): client and server reconnect by themselves, casts sent afterwards arrive, and a
/// call completes once the topology is back.
@Suite("RPC across a broker connection loss", .serialized)
struct RPCConnectionLossTests {
    let ctx = RequestContext(userId: "alice", projectId: "p1")

    @Test func castsAndCallsWorkAgainAfterTheBrokerClosedEveryConnection() async throws {
        try await RPCTestBus.with(.rabbit) { bus in
            let rec = Recorder()
            _ = try await bus.server("conductor", "h1", endpoints: [TestEndpoint(server: "h1", recorder: rec)])
            let client = try bus.client("conductor", timeout: .seconds(30))
            #expect(try await client.call(ctx, "add", args: ["a": 1, "b": 1]) == 2)

            let (rc, out) = await TestSupport.shellAsync(
                "rabbitmqctl -n rabbit@localhost -q close_all_connections --vhost '\(bus.vhost)' 'test: connection loss'")
            try #require(rc == 0, "close_all_connections failed: \(out)")

            // Sent right after the loss: the client's next publish finds its connection gone.
            for i in 0..<5 { try await client.cast(ctx, "record", args: ["value": .int(i)]) }
            let events = await rec.wait(for: 5, timeout: .seconds(30))
            #expect(Set(events.map(\.value)) == Set((0..<5).map { JSONValue.int($0) }))
            #expect(try await client.call(ctx, "add", args: ["a": 40, "b": 2]) == 42)
        }
    }
}
