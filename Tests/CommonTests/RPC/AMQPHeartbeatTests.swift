import Common
import Foundation
import NovaTestSupport
import Testing

/// AMQP heartbeats on the real broker: a service whose connections go silent (the link to the broker cut,
/// sockets still open) notices within the threshold, reconnects, and gets the work the broker requeued.
@Suite("AMQP heartbeats")
struct AMQPHeartbeatTests {
    struct Ping: RPCEndpoint {
        let version = RPCVersion(1, 0)
        var methods: [String: RPCMethod] { ["ping": { _, _ in "pong" }] }
    }

    /// A server on `topic` behind the proxy (with `threshold`), a client straight to the broker.
    func stack(vhost: String, proxy: FreezingProxy, threshold: Int) async throws
        -> (RPCServer, RPCClient, [any Transport])
    {
        let vh = vhost.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? vhost
        let behind = RabbitTransport(url: try TransportURL.parse("rabbit://guest:guest@127.0.0.1:\(proxy.port)/\(vh)"),
                                     heartbeatThreshold: threshold)
        let server = RPCServer(transport: behind, topic: "hb", server: "s1", endpoints: [Ping()])
        try await server.start()
        let direct = try TransportFactory.make(url: TestBroker.url(vhost: vhost))
        let client = RPCClient(transport: direct, topic: "hb", version: "1.0", exchange: "nova", timeout: .seconds(20))
        return (server, client, [behind, direct])
    }

    @Test func theHeartbeatIntervalIsHalfTheThresholdAndNoneForZero() {
        #expect(RabbitTransport.heartbeatInterval(threshold: 60) == 30)
        #expect(RabbitTransport.heartbeatInterval(threshold: 4) == 2)
        #expect(RabbitTransport.heartbeatInterval(threshold: 1) == 1)
        #expect(RabbitTransport.heartbeatInterval(threshold: 0) == 0)
        let conf = Config(definitions: NovaOptions.all, overrides: [:])
        #expect(conf[MessagingOptions.heartbeatTimeoutThreshold] == 60)
    }

    @Test func aServerCutOffFromTheBrokerReconnectsAndAnswersTheRequeuedCall() async throws {
        let vhost = try await TestBroker.newVhost("hb")
        let proxy = try FreezingProxy()
        let (server, client, transports) = try await stack(vhost: vhost, proxy: proxy, threshold: 2)
        let ctx = RequestContext(isAdmin: true)
        #expect(try await client.call(ctx, "ping") == "pong")
        let before = proxy.accepted
        proxy.freeze()
        let t0 = ContinuousClock.now
        let answer = try await client.call(ctx, "ping")
        let took = ContinuousClock.now - t0
        #expect(answer == "pong")
        #expect(took < .seconds(15))
        #expect(proxy.accepted >= before + 2)  // publisher and consumer connected again
        await server.stop()
        for t in transports { await t.shutdown() }
        proxy.shutdown()
        await TestBroker.removeVhost(vhost)
    }

    @Test func withoutHeartbeatsASilentConnectionIsNeverNoticed() async throws {
        let vhost = try await TestBroker.newVhost("hb")
        let proxy = try FreezingProxy()
        let (server, _, transports) = try await stack(vhost: vhost, proxy: proxy, threshold: 0)
        let client = RPCClient(transport: transports[1], topic: "hb", version: "1.0", exchange: "nova",
                               timeout: .seconds(6))
        let ctx = RequestContext(isAdmin: true)
        #expect(try await client.call(ctx, "ping") == "pong")
        proxy.freeze()
        await #expect(throws: MessagingTimeout.self) { _ = try await client.call(ctx, "ping") }
        #expect(proxy.accepted == 2)
        // The proxy first, so stopping the server does not wait on a silent broker for the method timeout.
        proxy.shutdown()
        await server.stop()
        for t in transports { await t.shutdown() }
        await TestBroker.removeVhost(vhost)
    }
}
