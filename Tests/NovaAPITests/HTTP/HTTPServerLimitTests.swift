import Foundation
import Testing

@testable import NovaAPI

@Suite struct HTTPServerLimitTests {
    @Test func bodiesOverTheLimitGet413ByLengthOrByChunks() async throws {
        try await withServer(configured { $0.limits.maxBodySize = 1000 }) { _, port in
            let byLength = try await TestHTTPClient.connect(port: port)
            let r = try await byLength.request("POST", "/echo", body: String(repeating: "x", count: 1001))
            #expect(r.status == 413)
            #expect(r.text.contains("max_request_body_size (1000)"))

            let byChunks = try await TestHTTPClient.connect(port: port)
            let chunk = String(repeating: "y", count: 600)
            try await byChunks.send(
                "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n\(chunk)\r\n258\r\n\(chunk)\r\n"
            )
            #expect(try await byChunks.readResponse().status == 413)

            let fits = try await TestHTTPClient.connect(port: port)
            #expect(try await fits.request("POST", "/echo", body: String(repeating: "z", count: 1000)).status == 200)
        }
    }

    @Test func anOversizeRequestLineGets414AndOversizeHeaders431() async throws {
        try await withServer(
            configured { $0.limits = HTTPParserLimits(maxRequestLineLength: 200, maxHeaderLineLength: 200) }
        ) {
            _, port in
            let longLine = try await TestHTTPClient.connect(port: port)
            try await longLine.send("GET /\(String(repeating: "a", count: 300)) HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try await longLine.readResponse().status == 414)

            let longHeader = try await TestHTTPClient.connect(port: port)
            let r = try await longHeader.request("GET", "/", headers: [("X-Big", String(repeating: "b", count: 300))])
            #expect(r.status == 431)
            #expect(await longHeader.waitForClose())
        }
    }

    @Test func slowHeadersAreCutOffAfterTheHeaderTimeout() async throws {
        try await withServer(configured { $0.headerTimeout = .milliseconds(300) }) { _, port in
            let client = try await TestHTTPClient.connect(port: port)
            try await client.send("GET / HTTP/1.1\r\n")
            // Keep trickling: progress must not extend the header deadline.
            let trickle = Task {
                for _ in 0..<100 {
                    try? await client.send("X")
                    try? await Task.sleep(for: .milliseconds(50))
                }
            }
            #expect(await client.waitForClose())
            trickle.cancel()
        }
    }

    @Test func aConnectionThatNeverSpeaksIsClosedAfterTheHeaderTimeout() async throws {
        try await withServer(configured { $0.headerTimeout = .milliseconds(300) }) { _, port in
            let client = try await TestHTTPClient.connect(port: port)
            #expect(await client.waitForClose())
        }
    }

    @Test func idleKeepAliveConnectionsAreClosedAfterTheIdleTimeout() async throws {
        try await withServer(configured { $0.idleTimeout = .milliseconds(300) }) { server, port in
            let client = try await TestHTTPClient.connect(port: port)
            #expect(try await client.request("GET", "/echo").status == 200)
            #expect(await client.waitForClose())
            #expect(await eventually { server.openConnections == 0 })
        }
    }

    @Test func aClientThatStopsReadingItsResponseIsDisconnected() async throws {
        try await withServer(configured { $0.idleTimeout = .milliseconds(300) }) { server, port in
            let size = 20_000_000
            let client = try await TestHTTPClient.connect(port: port)
            try await client.send("GET /big?n=\(size) HTTP/1.1\r\nHost: t\r\n\r\n")
            // Not reading at all: the stalled write gives up and the server drops the connection.
            #expect(await eventually { server.openConnections == 0 })
            let received = await client.readToEnd()
            #expect(received.count > 0)
            #expect(received.count < size)
        }
    }

    @Test func manySlowClientsDoNotHoldUpAFastOne() async throws {
        try await withServer(configured { $0.headerTimeout = .seconds(30) }) { _, port in
            var slow: [TestHTTPClient] = []
            for i in 0..<200 {
                let c = try await TestHTTPClient.connect(port: port)
                try await c.send("POST /echo HTTP/1.1\r\nHost: t\r\nX-Slow: \(i)")
                slow.append(c)
            }
            let fast = try await TestHTTPClient.connect(port: port)
            for i in 0..<20 { #expect(try await fast.request("GET", "/echo?\(i)").headers["X-Target"] == "/echo?\(i)") }
            // The slow ones were only waiting: finishing their heads gets them served.
            for c in slow.prefix(5) {
                try await c.send("\r\nContent-Length: 2\r\n\r\nhi")
                #expect(try await c.readResponse().text == "hi")
            }
        }
    }

    static let hostile: [(String, Int)] = [
        ("GARBAGE\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400),
        ("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: -5\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 18446744073709551616\r\n\r\n", 413),
        ("GET / HTTP/1.1\r\nHost: t\r\nX: a\u{0}b\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: t\r\n folded\r\n\r\n", 400),
        ("GET / HTTP/2.0\r\nHost: t\r\n\r\n", 505),
        ("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
        ("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        ("GET / HTTP/1.1\r\n\r\n", 400),
        ("\u{16}\u{3}\u{1}\u{0}\u{a5}\u{1}\u{0}\u{0}\u{a1}\u{3}\u{3}\r\n\r\n", 400),
    ]

    @Test func malformedRequestsGetTheirStatusAndTheServerKeepsServing() async throws {
        try await withServer { _, port in
            for (text, status) in Self.hostile {
                let client = try await TestHTTPClient.connect(port: port)
                try await client.send(text)
                let r = try await client.readResponse()
                #expect(r.status == status, "\(text.debugDescription)")
                #expect(r.headers["Connection"] == "close")
                #expect(await client.waitForClose())
            }
            let good = try await TestHTTPClient.connect(port: port)
            #expect(try await good.request("GET", "/echo").status == 200)
        }
    }

    @Test func aGoodRequestBeforeABadOneIsStillAnswered() async throws {
        try await withServer { _, port in
            let client = try await TestHTTPClient.connect(port: port)
            try await client.send("GET /echo?first HTTP/1.1\r\nHost: t\r\n\r\nGET / HTTP/1.1\r\nHost t\r\n\r\n")
            let first = try await client.readResponse()
            #expect(first.headers["X-Target"] == "/echo?first")
            #expect(try await client.readResponse().status == 400)
        }
    }

    @Test func connectionsBeyondTheMaximumWaitForAFreeSlot() async throws {
        try await withServer(configured { $0.maxConnections = 2 }) { _, port in
            let a = try await TestHTTPClient.connect(port: port)
            let b = try await TestHTTPClient.connect(port: port)
            #expect(try await a.request("GET", "/echo").status == 200)
            #expect(try await b.request("GET", "/echo").status == 200)
            // Accepted by the kernel's backlog, not by the server, until a or b goes.
            let c = try await TestHTTPClient.connect(port: port)
            try await c.send("GET /echo?c HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = try await a.request("GET", "/echo", headers: [("Connection", "close")])
            a.hangUp()
            #expect(try await c.readResponse().headers["X-Target"] == "/echo?c")
        }
    }
}
