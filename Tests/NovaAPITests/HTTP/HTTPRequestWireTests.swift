import Testing

@testable import NovaAPI

@Suite struct HTTPRequestWireTests {
    @Test func parsedRequestsWrittenBackParseToTheSameRequest() throws {
        let text =
            "POST /a?b=c HTTP/1.1\nHost: h\nContent-Length: 0003\n\nabc"
            + "PUT /b HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nT: 1\r\n\r\n"
            + "GET http://x/y HTTP/1.0\r\nX: caf\u{e9}\r\n\r\n"
        let first = parse(text)
        #expect(first.requests.count == 3)
        for request in first.requests {
            let again = parse(request.wireBytes())
            #expect(again.requests == [request])
        }
    }

    @Test func aBodyWithoutFramingGetsAContentLength() {
        let request = HTTPRequest(method: "POST", target: "/", headers: HTTPHeaders([("Host", "h")]), body: [1, 2])
        let read = parse(request.wireBytes()).requests.first
        #expect(read?.body == [1, 2])
        #expect(read?.headers["Content-Length"] == "2")
    }
}
