import Testing

@testable import NovaAPI

@Suite struct HTTPRequestParserTests {
    @Test func readsASimpleGetWithItsHeadersInOrder() throws {
        let out = parse(
            "GET /v2.1/servers?limit=2 HTTP/1.1\r\nHost: a\r\nX-Auth-Token: u:p\r\nX-Auth-Token: again\r\n\r\n")
        #expect(out.error == nil)
        let r = try #require(out.requests.first)
        #expect(r.method == "GET")
        #expect(r.target == "/v2.1/servers?limit=2")
        #expect(r.path == "/v2.1/servers")
        #expect(r.version == "HTTP/1.1")
        #expect(r.headers.fields.map(\.name) == ["Host", "X-Auth-Token", "X-Auth-Token"])
        #expect(r.headers.values("x-auth-token") == ["u:p", "again"])
        #expect(r.body.isEmpty)
        #expect(out.heads.first?.keepAlive == true)
    }

    @Test func sameResultWhateverTheBytesAreSplitInto() {
        let text =
            "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
            + "PUT /b HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nT: 1\r\n\r\n"
            + "GET /c HTTP/1.0\r\n\r\n"
        let whole = parse(text)
        #expect(whole.requests.map(\.target) == ["/a", "/b", "/c"])
        for slice in [1, 2, 3, 7, 16] { #expect(parse(text, slice: slice) == whole) }
    }

    @Test func contentLengthBodyIsReadExactlyAndTheRestIsTheNextRequest() throws {
        let out = parse("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabcGET /b HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(out.requests.map(\.target) == ["/a", "/b"])
        #expect(out.requests.first?.body == Array("abc".utf8))
        #expect(out.requests.last?.body == [])
    }

    @Test func chunkedBodyIsDecodedWithExtensionsIgnoredAndTrailersKeptApart() throws {
        let out = parse(
            "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4;name=value\r\nWiki\r\n5 \r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-Checksum: 42\r\n\r\n")
        let r = try #require(out.requests.first)
        #expect(String(decoding: r.body, as: UTF8.self) == "Wikipedia in\r\n\r\nchunks.")
        #expect(r.trailers["x-checksum"] == "42")
        #expect(r.headers["X-Checksum"] == nil)
        #expect(out.heads.first?.framing == .chunked)
    }

    @Test func bareLineFeedsAreAcceptedAndLeadingEmptyLinesIgnored() {
        let out = parse("\r\n\nGET / HTTP/1.1\nHost: h\n\n")
        #expect(out.error == nil)
        #expect(out.requests.map(\.target) == ["/"])
    }

    @Test func absoluteFormIsReducedToItsPath() {
        let out = parse(
            "GET http://example.com:8774/v2.1?x=1 HTTP/1.1\r\nHost: h\r\n\r\n"
                + "GET HTTP://example.com HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(out.requests.map(\.target) == ["/v2.1?x=1", "/"])
    }

    @Test func headerValuesAreTrimmedAndNonUTF8BytesReadAsLatin1() throws {
        var bytes = Array("GET / HTTP/1.1\r\nHost: h\r\nX-A: \t spaced out \t\r\nX-B: caf".utf8)
        bytes += [0xE9] + Array("\r\nX-C: caf\u{e9}\r\n\r\n".utf8)
        let r = try #require(parse(bytes).requests.first)
        #expect(r.headers["X-A"] == "spaced out")
        #expect(r.headers["X-B"] == "caf\u{e9}")
        #expect(r.headers["X-C"] == "caf\u{e9}")
    }

    @Test func keepAliveFollowsVersionAndConnectionHeader() {
        let cases: [(String, Bool)] = [
            ("GET / HTTP/1.1\r\nHost: h\r\n\r\n", true),
            ("GET / HTTP/1.1\r\nHost: h\r\nConnection: Close\r\n\r\n", false),
            ("GET / HTTP/1.1\r\nHost: h\r\nConnection: TE, close\r\n\r\n", false),
            ("GET / HTTP/1.0\r\n\r\n", false),
            ("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true),
        ]
        for (text, keepAlive) in cases { #expect(parse(text).heads.first?.keepAlive == keepAlive, "\(text)") }
    }

    @Test func expectContinueIsReportedOnlyForHTTP11() {
        let text = "PUT / HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n"
        #expect(parse(text).heads.first?.expectsContinue == true)
        #expect(parse("PUT / HTTP/1.0\r\nExpect: 100-continue\r\n\r\n").heads.first?.expectsContinue == false)
        #expect(parse("PUT / HTTP/1.1\r\nHost: h\r\nExpect: teapot\r\n\r\n").error == .unsupportedExpectation)
    }

    @Test func headIsReportedBeforeTheBodyArrives() {
        let out = parse("PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc")
        #expect(out.heads.count == 1)
        #expect(out.heads.first?.framing == .length(10))
        #expect(out.requests.isEmpty)
        #expect(out.error == nil)
    }

    @Test func identicalRepeatedContentLengthsAreOneLength() {
        let out = parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2, 2\r\nContent-Length: 002\r\n\r\nok")
        #expect(out.requests.first?.body == Array("ok".utf8))
    }
}
