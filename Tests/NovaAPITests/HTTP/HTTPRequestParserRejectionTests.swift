import Testing

@testable import NovaAPI

@Suite struct HTTPRequestParserRejectionTests {
    static let malformed: [(String, HTTPParseError)] = [
        ("GET  / HTTP/1.1\r\nHost: h\r\n\r\n", .malformedRequestLine),
        ("GET / HTTP/1.1 \r\nHost: h\r\n\r\n", .malformedRequestLine),
        ("GET /\r\n\r\n", .malformedRequestLine),
        ("G(T / HTTP/1.1\r\nHost: h\r\n\r\n", .malformedRequestLine),
        ("GET /a\u{1}b HTTP/1.1\r\nHost: h\r\n\r\n", .malformedRequestLine),
        ("GET /\r HTTP/1.1\r\nHost: h\r\n\r\n", .malformedRequestLine),
        ("GET / HTTP/1.1\rHost: h\r\n\r\n", .malformedRequestLine),
        ("GET / http/1.1\r\nHost: h\r\n\r\n", .malformedRequestLine),
        ("GET / HTTP/1.10\r\nHost: h\r\n\r\n", .malformedRequestLine),
        ("GET / HTTP/2.0\r\nHost: h\r\n\r\n", .unsupportedVersion),
        ("GET / HTTP/0.9\r\nHost: h\r\n\r\n", .unsupportedVersion),
        ("GET example.com HTTP/1.1\r\nHost: h\r\n\r\n", .unsupportedTargetForm),
        ("GET * HTTP/1.1\r\nHost: h\r\n\r\n", .unsupportedTargetForm),
        ("GET http:///x HTTP/1.1\r\nHost: h\r\n\r\n", .unsupportedTargetForm),
        ("GET / HTTP/1.1\r\n\r\n", .missingHost),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", .duplicateHost),
        ("GET / HTTP/1.1\r\nHost : h\r\n\r\n", .malformedHeader),
        ("GET / HTTP/1.1\r\nHost h\r\n\r\n", .malformedHeader),
        ("GET / HTTP/1.1\r\n: h\r\nHost: h\r\n\r\n", .malformedHeader),
        ("GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n", .malformedHeader),
        ("GET / HTTP/1.1\r\nHost: h\r\nX: a\u{0}b\r\n\r\n", .malformedHeader),
        ("GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n", .obsoleteLineFolding),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1e3\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length:\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1,,1\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999\r\n\r\n", .bodyTooLarge),
        (
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
            .contentLengthWithTransferEncoding
        ),
        ("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", .transferEncodingInHTTP10),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", .unsupportedTransferEncoding),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", .invalidTransferEncoding),
        (
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
            .invalidTransferEncoding
        ),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n", .malformedChunk),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n", .malformedChunk),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n", .malformedChunk),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2 x\r\nab\r\n", .malformedChunk),
        (
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\nbad trailer\r\n\r\n",
            .malformedHeader
        ),
    ]

    @Test(arguments: malformed) func malformedRequestsFailWithTheRightError(text: String, error: HTTPParseError) {
        let whole = parse(text)
        #expect(whole.error == error, "\(text.debugDescription)")
        #expect(whole.requests.isEmpty)
        #expect(parse(text, slice: 1).error == error, "byte by byte: \(text.debugDescription)")
    }

    /// scripts/hostile-http.sh: a TLS ClientHello sent to the plain HTTP port has no line end, so it used
    /// to sit until the header timeout (60 s) and then be dropped without an answer.
    @Test func binaryThatCannotBeAMethodIsRefusedBeforeTheLineEnds() {
        let hello: [UInt8] = [0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03]
        #expect(parse(hello).error == .malformedRequestLine)
        #expect(parse(hello, slice: 1).error == .malformedRequestLine)
        #expect(parse(Array("\r\nGE\u{0}".utf8)).error == .malformedRequestLine)
        // A method still arriving, or one whose line ends later, is not judged early.
        #expect(parse("GE").error == nil)
        #expect(parse("\r\n\r\nGET /x").error == nil)
        // Too long is still too long when the junk comes only after the limit.
        let limits = HTTPParserLimits(maxRequestLineLength: 10)
        #expect(parse(Array("GETGETGETGET\u{16}".utf8), limits: limits).error == .requestLineTooLong)
        #expect(parse(Array("GETGETGETGET\u{16}".utf8), limits: limits, slice: 3).error == .requestLineTooLong)
    }

    @Test func statusCodesMatchTheKindOfError() {
        #expect(HTTPParseError.malformedHeader.status == 400)
        #expect(HTTPParseError.headersTooLarge.status == 431)
        #expect(HTTPParseError.requestLineTooLong.status == 414)
        #expect(HTTPParseError.bodyTooLarge.status == 413)
        #expect(HTTPParseError.unsupportedVersion.status == 505)
        #expect(HTTPParseError.unsupportedTransferEncoding.status == 501)
        #expect(HTTPParseError.unsupportedExpectation.status == 417)
    }

    @Test func oversizeBodiesAreRefusedFromTheirDeclaredSizeBeforeAnyBodyByte() {
        let limits = HTTPParserLimits(maxBodySize: 10)
        #expect(
            parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n", limits: limits).error == .bodyTooLarge)
        #expect(
            parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789", limits: limits).error == nil)
        let chunked = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
        #expect(parse(chunked + "6\r\n012345\r\n5\r\n", limits: limits).error == .bodyTooLarge)
        #expect(parse(chunked + "6\r\n012345\r\n4\r\n6789\r\n0\r\n\r\n", limits: limits).requests.count == 1)
        #expect(parse(chunked + "FFFFFFFFFFFFFFFFFFFFFFFF\r\n", limits: limits).error == .bodyTooLarge)
    }

    @Test func longLinesAreRefusedBeforeTheirEndArrives() {
        let limits = HTTPParserLimits(maxRequestLineLength: 100, maxHeaderLineLength: 50)
        let longTarget = "GET /" + String(repeating: "a", count: 200)
        #expect(parse(longTarget, limits: limits).error == .requestLineTooLong)
        let longHeader = "GET / HTTP/1.1\r\nHost: h\r\nX: " + String(repeating: "b", count: 60)
        #expect(parse(longHeader, limits: limits).error == .headerLineTooLong)
        let fits = "GET / HTTP/1.1\r\nHost: h\r\nX: " + String(repeating: "b", count: 47) + "\r\n\r\n"
        #expect(parse(fits, limits: limits).requests.count == 1)
    }

    @Test func theWholeHeadAndTheFieldCountAreBounded() {
        let limits = HTTPParserLimits(maxHeaderBytes: 200, maxHeaderCount: 5)
        let many = "GET / HTTP/1.1\r\nHost: h\r\n" + (1...5).map { "X-\($0): v\r\n" }.joined() + "\r\n"
        #expect(parse(many, limits: limits).error == .tooManyHeaders)
        let big =
            "GET / HTTP/1.1\r\nHost: h\r\n"
            + (1...4).map { "X-\($0): \(String(repeating: "v", count: 50))\r\n" }.joined()
        #expect(parse(big, limits: limits).error == .headersTooLarge)
        let trailers =
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"
            + (1...5).map { "T-\($0): v\r\n" }.joined() + "\r\n"
        #expect(parse(trailers, limits: limits).error == .tooManyHeaders)
    }

    @Test func afterAnErrorTheParserStaysFailed() throws {
        var parser = HTTPRequestParser()
        parser.feed(Array("BAD\r\n".utf8))
        #expect(throws: HTTPParseError.malformedRequestLine) { try parser.next() }
        parser.feed(Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        #expect(throws: HTTPParseError.malformedRequestLine) { try parser.next() }
        #expect(parser.failure == .malformedRequestLine)
    }

    @Test func aRequestBeforeAMalformedOneIsStillDelivered() {
        let out = parse("GET /ok HTTP/1.1\r\nHost: h\r\n\r\nGET /bad HTTP/1.1\r\nHost h\r\n\r\n")
        #expect(out.requests.map(\.target) == ["/ok"])
        #expect(out.error == .malformedHeader)
    }
}
