import Testing

@testable import NovaAPI

@Suite struct HTTPResponseEncoderTests {
    func encode(
        _ response: HTTPResponse, method: String = "GET", isHTTP10: Bool = false, keepAlive: Bool = true
    ) -> String {
        String(
            decoding: HTTPResponseEncoder.encode(
                response, method: method, isHTTP10: isHTTP10, keepAlive: keepAlive,
                date: "Sun, 06 Nov 1994 08:49:37 GMT"), as: UTF8.self)
    }

    @Test func statusLineHeadersLengthDateThenBody() {
        let text = encode(HTTPResponse(status: 202, headers: HTTPHeaders([("X-A", "1")]), body: Array("hi".utf8)))
        #expect(
            text
                == "HTTP/1.1 202 Accepted\r\nX-A: 1\r\nContent-Length: 2\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\nhi"
        )
    }

    @Test func theServerOwnsFramingAndConnectionFields() {
        let headers = HTTPHeaders([
            ("Content-Length", "999"), ("Transfer-Encoding", "chunked"), ("connection", "keep-alive"),
            ("Keep-Alive", "timeout=5"), ("Date", "Mon, 01 Jan 2001 00:00:00 GMT"),
        ])
        let text = encode(HTTPResponse(status: 200, headers: headers, body: [1, 2, 3]), keepAlive: false)
        #expect(text.contains("Content-Length: 3\r\n"))
        #expect(!text.contains("999"))
        #expect(!text.lowercased().contains("chunked"))
        #expect(!text.contains("timeout=5"))
        #expect(text.contains("Connection: close\r\n"))
        #expect(text.contains("Date: Mon, 01 Jan 2001 00:00:00 GMT\r\n"))
        #expect(!text.contains("1994"))
    }

    @Test func headKeepsTheStatedLengthAndSendsNoBody() {
        let stated = encode(HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Length", "42")])), method: "HEAD")
        #expect(stated.contains("Content-Length: 42\r\n"))
        #expect(stated.hasSuffix("\r\n\r\n"))
        let computed = encode(HTTPResponse(status: 200, body: Array("hello".utf8)), method: "HEAD")
        #expect(computed.contains("Content-Length: 5\r\n"))
        #expect(computed.hasSuffix("\r\n\r\n"))
        let junk = encode(HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Length", "x")])), method: "HEAD")
        #expect(junk.contains("Content-Length: 0\r\n"))
    }

    @Test func noContentHasNeitherLengthNorBody() {
        let text = encode(HTTPResponse(status: 204, body: Array("ignored".utf8)))
        #expect(text.hasPrefix("HTTP/1.1 204 No Content\r\n"))
        #expect(!text.contains("Content-Length"))
        #expect(!text.contains("ignored"))
    }

    @Test func http10KeepAliveIsSaidOutLoud() {
        #expect(encode(HTTPResponse(status: 200), isHTTP10: true).contains("Connection: keep-alive\r\n"))
        #expect(!encode(HTTPResponse(status: 200)).contains("Connection:"))
    }

    @Test func fieldsThatCouldSplitTheResponseAreDropped() {
        let headers = HTTPHeaders([
            ("X-Bad", "a\r\nSet-Cookie: x"), ("Bad Name", "v"), ("X-Nul", "a\u{0}"), ("X-Ok", "a\tb"),
        ])
        let text = encode(HTTPResponse(status: 200, headers: headers))
        #expect(!text.contains("Set-Cookie"))
        #expect(!text.contains("Bad Name"))
        #expect(!text.contains("X-Nul"))
        #expect(text.contains("X-Ok: a\tb\r\n"))
    }

    @Test func reasonPhrasesAndDates() {
        #expect(HTTPStatus.reason(413) == "Request Entity Too Large")
        #expect(HTTPStatus.reason(431) == "Request Header Fields Too Large")
        #expect(HTTPStatus.reason(299) == "Success")
        #expect(HTTPResponseEncoder.httpDate(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }
}
