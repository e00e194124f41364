import Foundation
import Testing

@testable import NovaAPI

@Suite struct HTTPServerLifecycleTests {
    @Test func gracefulStopFinishesTheRequestInFlightAndClosesIdleConnections() async throws {
        let handler = TestHandler()
        var configuration = HTTPServerConfiguration.loopback()
        configuration.shutdownTimeout = .seconds(20)
        let server = HTTPServer(configuration: configuration, handler: handler)
        let port = try server.start()

        let idle = try await TestHTTPClient.connect(port: port)
        #expect(try await idle.request("GET", "/echo").status == 200)
        let busy = try await TestHTTPClient.connect(port: port)
        try await busy.send("GET /gate HTTP/1.1\r\nHost: t\r\n\r\n")
        await handler.entered.wait()

        let stopping = Task { await server.stop() }
        #expect(await idle.waitForClose())
        // No longer accepting: new connections are refused.
        #expect(await eventually { (try? await TestHTTPClient.connect(port: port)) == nil })

        handler.gate.open()
        let r = try await busy.readResponse()
        #expect(r.status == 200)
        #expect(r.headers["Connection"] == "close")
        #expect(await busy.waitForClose())
        busy.hangUp()
        await stopping.value
    }

    @Test func gracefulStopGivesUpOnAStuckRequestAfterTheGracePeriod() async throws {
        let handler = TestHandler()
        let server = HTTPServer(configuration: .loopback(), handler: handler)
        let port = try server.start()
        let stuck = try await TestHTTPClient.connect(port: port)
        try await stuck.send("GET /gate HTTP/1.1\r\nHost: t\r\n\r\n")
        await handler.entered.wait()
        await server.stop(gracePeriod: .milliseconds(200))
        #expect(await stuck.waitForClose())
        handler.gate.open()
    }

    @Test func cancellingRunStopsTheServerAndRunReturns() async throws {
        let server = HTTPServer(configuration: .loopback(), handler: TestHandler())
        let port = try server.start()
        let running = Task { try await server.run() }
        let client = try await TestHTTPClient.connect(port: port)
        #expect(try await client.request("GET", "/echo").status == 200)
        running.cancel()
        try await running.value
        #expect(await client.waitForClose())
    }

    @Test func runStartsTheServerWhenNotStartedYet() async throws {
        let server = HTTPServer(configuration: .loopback(), handler: TestHandler())
        let running = Task { try await server.run() }
        #expect(await eventually { server.port != nil })
        let client = try await TestHTTPClient.connect(port: try #require(server.port))
        #expect(try await client.request("GET", "/echo").status == 200)
        await server.stop()
        try await running.value
    }

    @Test func twoListenersShareOnePortWithReusePort() async throws {
        let first = HTTPServer(configuration: .loopback(), handler: TestHandler())
        let port = try first.start()
        let second = HTTPServer(configuration: .loopback(port: port), handler: TestHandler())
        #expect(try second.start() == port)
        for _ in 0..<10 {
            let c = try await TestHTTPClient.connect(port: port)
            #expect(try await c.request("GET", "/echo").status == 200)
        }
        await first.stop()
        // The second keeps serving the port alone.
        let c = try await TestHTTPClient.connect(port: port)
        #expect(try await c.request("GET", "/echo").status == 200)
        await second.stop()
    }

    @Test func withoutReusePortASecondBindFailsWithAClearError() async throws {
        var configuration = HTTPServerConfiguration.loopback()
        configuration.reusePort = false
        let first = HTTPServer(configuration: configuration, handler: TestHandler())
        let port = try first.start()
        configuration.port = port
        let second = HTTPServer(configuration: configuration, handler: TestHandler())
        #expect(throws: HTTPServerError.self) { try second.start() }
        await first.stop()
    }

    @Test func listensOnIPv6AndReportsPeersInBrackets() async throws {
        let server = HTTPServer(configuration: HTTPServerConfiguration(host: "::1", port: 0), handler: TestHandler())
        let port = try server.start()
        let client = try await TestHTTPClient.connect(port: port, host: "::1")
        let remote = try await client.request("GET", "/echo").headers["X-Remote"] ?? ""
        #expect(remote.hasPrefix("[::1]:"))
        await server.stop()
    }

    @Test func aBadListenAddressIsReported() {
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(host: "not-an-ip", port: 0), handler: TestHandler())
        #expect(throws: HTTPServerError.invalidAddress("not-an-ip")) { try server.start() }
    }
}
