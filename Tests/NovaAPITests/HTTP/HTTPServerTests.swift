import Foundation
import Testing

@testable import NovaAPI

@Suite struct HTTPServerTests {
    @Test func keepAliveServesSeveralRequestsOnOneConnection() async throws {
        try await withServer { _, port in
            let client = try await TestHTTPClient.connect(port: port)
            var peers: Set<String> = []
            for i in 1...3 {
                let r = try await client.request("GET", "/echo?n=\(i)")
                #expect(r.status == 200)
                #expect(r.reason == "OK")
                #expect(r.headers["X-Target"] == "/echo?n=\(i)")
                #expect(r.headers["Connection"] == nil)
                #expect(r.headers["Date"]?.hasSuffix(" GMT") == true)
                peers.insert(r.headers["X-Remote"] ?? "")
            }
            #expect(peers.count == 1)
            #expect(peers.first?.hasPrefix("127.0.0.1:") == true)
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrderEvenWhenTheFirstIsSlowest() async throws {
        try await withServer { _, port in
            let client = try await TestHTTPClient.connect(port: port)
            let targets = ["/slow?ms=300", "/echo?1", "/slow?ms=50", "/echo?2", "/echo?3"]
            try await client.send(targets.map { "GET \($0) HTTP/1.1\r\nHost: t\r\n\r\n" }.joined())
            for target in targets {
                let r = try await client.readResponse()
                #expect(r.headers["X-Target"] == target)
            }
        }
    }

    @Test func pipelinedBodiesDoNotBleedIntoEachOther() async throws {
        try await withServer { _, port in
            let client = try await TestHTTPClient.connect(port: port)
            let bodies = ["first", "GET /x HTTP/1.1\r\nHost: t\r\n\r\n", "third"]
            try await client.send(
                bodies.map { "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: \($0.utf8.count)\r\n\r\n\($0)" }
                    .joined())
            for body in bodies { #expect(try await client.readResponse().text == body) }
        }
    }

    @Test func chunkedBodyArrivingInPiecesReachesTheHandlerWhole() async throws {
        try await withServer { _, port in
            let client = try await TestHTTPClient.connect(port: port)
            try await client.send("PUT /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel")
            try await Task.sleep(for: .milliseconds(20))
            try await client.send("lo\r\n6\r\n world\r\n0\r\nX-Sum: 9\r\n\r\n")
            let r = try await client.readResponse()
            #expect(r.status == 200)
            #expect(r.text == "hello world")
            #expect(r.headers["X-Trailer"] == "X-Sum=9")
        }
    }

    @Test func expectContinueGetsAnInterimResponseBeforeTheBodyIsSent() async throws {
        try await withServer { _, port in
            let client = try await TestHTTPClient.connect(port: port)
            try await client.send(
                "POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
            let interim = try await client.readResponse()
            #expect(interim.status == 100)
            try await client.send("data")
            let final = try await client.readResponse()
            #expect(final.status == 200)
            #expect(final.text == "data")
        }
    }

    @Test func expectContinueWithAnOversizeBodyGets413InsteadOf100() async throws {
        try await withServer(configured { $0.limits.maxBodySize = 100 }) { _, port in
            let client = try await TestHTTPClient.connect(port: port)
            try await client.send(
                "POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 101\r\n\r\n")
            let r = try await client.readResponse()
            #expect(r.status == 413)
            #expect(r.headers["Connection"] == "close")
            #expect(await client.waitForClose())
        }
    }

    @Test func headGetsTheHeadersOfGetWithoutTheBody() async throws {
        try await withServer { _, port in
            let client = try await TestHTTPClient.connect(port: port)
            let get = try await client.request("GET", "/echo")
            let head = try await client.request("HEAD", "/echo")
            #expect(head.status == 200)
            #expect(head.headers["Content-Length"] == get.headers["Content-Length"])
            #expect(head.headers["X-Method"] == "HEAD")
            // Had any body bytes been sent, this next response's status line would be garbage.
            let after = try await client.request("GET", "/echo?after")
            #expect(after.headers["X-Target"] == "/echo?after")
        }
    }

    @Test func connectionCloseIsHonouredAfterTheResponse() async throws {
        try await withServer { _, port in
            let client = try await TestHTTPClient.connect(port: port)
            let r = try await client.request("GET", "/echo", headers: [("Connection", "close")])
            #expect(r.status == 200)
            #expect(r.headers["Connection"] == "close")
            #expect(await client.waitForClose())
        }
    }

    @Test func http10ClosesUnlessAskedToKeepAlive() async throws {
        try await withServer { _, port in
            let plain = try await TestHTTPClient.connect(port: port)
            try await plain.send("GET /echo HTTP/1.0\r\n\r\n")
            let r = try await plain.readResponse()
            #expect(r.headers["X-Version"] == "HTTP/1.0")
            #expect(r.headers["Connection"] == "close")
            #expect(await plain.waitForClose())

            let kept = try await TestHTTPClient.connect(port: port)
            for _ in 0..<2 {
                try await kept.send("GET /echo HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                let k = try await kept.readResponse()
                #expect(k.status == 200)
                #expect(k.headers["Connection"] == "keep-alive")
            }
        }
    }

    @Test func aHalfClosedClientStillGetsItsAnswer() async throws {
        try await withServer { _, port in
            let client = try await TestHTTPClient.connect(port: port)
            try await client.send("GET /slow?ms=50 HTTP/1.1\r\nHost: t\r\n\r\n")
            client.shutdownWrite()
            let r = try await client.readResponse()
            #expect(r.status == 200)
            #expect(await client.waitForClose())
        }
    }

    @Test func keepAliveOffClosesAfterEveryResponse() async throws {
        try await withServer(configured { $0.keepAlive = false }) { _, port in
            let client = try await TestHTTPClient.connect(port: port)
            let r = try await client.request("GET", "/echo")
            #expect(r.headers["Connection"] == "close")
            #expect(await client.waitForClose())
        }
    }

    @Test func handlerHeadersThatWouldSplitTheResponseAreDropped() async throws {
        try await withServer { _, port in
            let client = try await TestHTTPClient.connect(port: port)
            let r = try await client.request("GET", "/bad-header")
            #expect(r.status == 200)
            #expect(r.headers["X-Split"] == nil)
            #expect(r.headers["X-Injected"] == nil)
            #expect(try await client.request("GET", "/echo").status == 200)
        }
    }

    @Test func aSlowHandlerDoesNotHoldUpOtherConnections() async throws {
        let handler = TestHandler()
        try await withServer(handler: handler) { _, port in
            let waiting = try await TestHTTPClient.connect(port: port)
            try await waiting.send("GET /gate HTTP/1.1\r\nHost: t\r\n\r\n")
            await handler.entered.wait()
            let other = try await TestHTTPClient.connect(port: port)
            for _ in 0..<5 { #expect(try await other.request("GET", "/echo").status == 200) }
            handler.gate.open()
            #expect(try await waiting.readResponse().status == 200)
        }
    }

    @Test func aLargeResponseToASlowReaderIsWrittenWholeWhileOthersAreServed() async throws {
        try await withServer { _, port in
            let size = 8_000_000
            let slow = try await TestHTTPClient.connect(port: port)
            try await slow.send("GET /big?n=\(size) HTTP/1.1\r\nHost: t\r\n\r\n")
            // The response cannot fit in the socket buffers: the server must wait for the reader.
            let other = try await TestHTTPClient.connect(port: port)
            #expect(try await other.request("GET", "/echo").status == 200)
            let r = try await slow.readResponse()
            #expect(r.body.count == size)
            #expect(Data(r.body) == Data(repeating: UInt8(ascii: "a"), count: size))
            #expect(try await slow.request("GET", "/echo?after").headers["X-Target"] == "/echo?after")
        }
    }
}
