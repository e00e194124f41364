/// The pieces of a request the parser checks one line at a time: request line, fields, chunk sizes,
/// and the framing the header block implies (RFC 9112 §3, §5, §6, §7).
extension HTTPRequestParser {
    static func parseRequestLine(_ line: ArraySlice<UInt8>) throws(HTTPParseError)
        -> (method: String, target: String, version: String)
    {
        guard let sp1 = line.firstIndex(of: HTTPGrammar.space),
            let sp2 = line[(sp1 + 1)...].firstIndex(of: HTTPGrammar.space)
        else { throw .malformedRequestLine }
        let method = line[line.startIndex..<sp1]
        let target = line[(sp1 + 1)..<sp2]
        let version = line[(sp2 + 1)...]
        guard !method.isEmpty, method.allSatisfy(HTTPGrammar.isToken),
            !target.isEmpty, target.allSatisfy({ HTTPGrammar.target[Int($0)] })
        else { throw .malformedRequestLine }
        let methodText = HTTPGrammar.ascii(method)
        return (methodText, try originForm(HTTPGrammar.ascii(target), method: methodText), try parseVersion(version))
    }

    /// `HTTP/1.x`; other majors get 505, anything not shaped like a version 400.
    static func parseVersion(_ v: ArraySlice<UInt8>) throws(HTTPParseError) -> String {
        let b = Array(v)
        let digit = { (x: UInt8) in x >= UInt8(ascii: "0") && x <= UInt8(ascii: "9") }
        guard b.count == 8, b[0..<5].elementsEqual("HTTP/".utf8), digit(b[5]), b[6] == UInt8(ascii: "."),
            digit(b[7])
        else { throw .malformedRequestLine }
        guard b[5] == UInt8(ascii: "1") else { throw .unsupportedVersion }
        return HTTPGrammar.ascii(v)
    }

    /// The target as a path: origin-form as is, `*` for OPTIONS, absolute-form reduced to its path.
    static func originForm(_ target: String, method: String) throws(HTTPParseError) -> String {
        if target.hasPrefix("/") { return target }
        if target == "*" && method == "OPTIONS" { return target }
        let lower = target.lowercased()
        for scheme in ["http://", "https://"] where lower.hasPrefix(scheme) {
            let rest = target.dropFirst(scheme.count)
            let cut = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
            guard cut != rest.startIndex else { throw .unsupportedTargetForm }
            let tail = rest[cut...]
            return tail.hasPrefix("/") ? String(tail) : "/" + tail
        }
        throw .unsupportedTargetForm
    }

    /// `name: value` with optional whitespace around the value; folded lines, whitespace before the
    /// colon, and control characters (CR, NUL...) in the value are refused.
    static func parseField(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> (name: String, value: String) {
        guard let first = line.first else { throw .malformedHeader }
        if first == HTTPGrammar.space || first == HTTPGrammar.tab { throw .obsoleteLineFolding }
        guard let colon = line.firstIndex(of: HTTPGrammar.colon) else { throw .malformedHeader }
        let name = line[line.startIndex..<colon]
        guard !name.isEmpty, name.allSatisfy(HTTPGrammar.isToken) else { throw .malformedHeader }
        var value = line[(colon + 1)...]
        while let f = value.first, f == HTTPGrammar.space || f == HTTPGrammar.tab { value.removeFirst() }
        while let l = value.last, l == HTTPGrammar.space || l == HTTPGrammar.tab { value.removeLast() }
        guard value.allSatisfy({ HTTPGrammar.fieldValue[Int($0)] }) else { throw .malformedHeader }
        return (HTTPGrammar.ascii(name), HTTPGrammar.fieldText(value))
    }

    /// A chunk-size line: hex size, then optional extensions (ignored). `room` is what the body limit
    /// still allows; a larger chunk is refused before any of it is read.
    static func parseChunkSize(_ line: ArraySlice<UInt8>, room: Int) throws(HTTPParseError) -> Int {
        var size = 0
        var i = line.startIndex
        while i < line.endIndex, let h = HTTPGrammar.hexValue(line[i]) {
            size = size * 16 + h
            if size > room { throw .bodyTooLarge }
            i += 1
        }
        guard i > line.startIndex else { throw .malformedChunk }
        var rest = line[i...]
        while let f = rest.first, f == HTTPGrammar.space || f == HTTPGrammar.tab { rest.removeFirst() }
        if let f = rest.first {
            guard f == HTTPGrammar.semicolon, rest.allSatisfy({ HTTPGrammar.fieldValue[Int($0)] }) else {
                throw .malformedChunk
            }
        }
        return size
    }

    /// The head of `pending`: Host, body framing, `Expect` and `Connection` checked and interpreted.
    static func makeHead(_ pending: Pending, limits: HTTPParserLimits) throws(HTTPParseError) -> HTTPRequestHead {
        let headers = pending.headers
        let isHTTP10 = pending.version == "HTTP/1.0"
        let fields = FramingFields(headers)
        if fields.hosts > 1 { throw .duplicateHost }
        if fields.hosts == 0 && !isHTTP10 { throw .missingHost }
        let framing = try framing(fields, isHTTP10: isHTTP10, limits: limits)
        var expectsContinue = false
        let expect = fields.expect
        if !expect.isEmpty && !isHTTP10 {
            // RFC 9110 §10.1.1: 100-continue is the only expectation defined; HTTP/1.0 ignores it.
            guard HTTPGrammar.listElements(expect) == ["100-continue"] else { throw .unsupportedExpectation }
            expectsContinue = true
        }
        let connection = HTTPGrammar.listElements(fields.connection)
        let keepAlive =
            isHTTP10
            ? connection.contains("keep-alive") && !connection.contains("close") : !connection.contains("close")
        return HTTPRequestHead(
            method: pending.method, target: pending.target, version: pending.version, headers: headers,
            framing: framing, keepAlive: keepAlive, expectsContinue: expectsContinue, isHTTP10: isHTTP10)
    }

    /// RFC 9112 §6.3, strictly: anything ambiguous (both headers, differing lengths, chunked not last)
    /// is refused, as it is how requests are smuggled past a proxy.
    static func framing(_ fields: FramingFields, isHTTP10: Bool, limits: HTTPParserLimits) throws(HTTPParseError)
        -> HTTPRequestHead.Framing
    {
        let te = fields.transferEncoding
        let cl = fields.contentLength
        if !te.isEmpty {
            if isHTTP10 { throw .transferEncodingInHTTP10 }
            if !cl.isEmpty { throw .contentLengthWithTransferEncoding }
            let codings = HTTPGrammar.listElements(te)
            guard codings.last == "chunked", codings.filter({ $0 == "chunked" }).count == 1 else {
                throw .invalidTransferEncoding
            }
            guard codings.count == 1 else { throw .unsupportedTransferEncoding }
            return .chunked
        }
        if cl.isEmpty { return .none }
        var length: Int?
        for element in cl.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            let digits = element.trimmingWhitespace()
            guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                throw .invalidContentLength
            }
            let trimmed = digits.drop { $0 == "0" }
            // Well-formed but larger than any body we accept (or than Int): refuse as too large.
            guard trimmed.count <= 18, let n = Int(trimmed.isEmpty ? "0" : trimmed) else { throw .bodyTooLarge }
            if let l = length, l != n { throw .invalidContentLength }
            length = n
        }
        guard let n = length else { throw .invalidContentLength }
        if n > limits.maxBodySize { throw .bodyTooLarge }
        return .length(n)
    }
}

/// The fields that decide framing and connection handling, collected in one pass over the headers.
struct FramingFields {
    var hosts = 0
    var transferEncoding: [String] = []
    var contentLength: [String] = []
    var expect: [String] = []
    var connection: [String] = []

    init(_ headers: HTTPHeaders) {
        for (name, value) in headers.fields {
            switch name.utf8.count {
            case 4 where HTTPGrammar.nameIs(name, "host"): hosts += 1
            case 6 where HTTPGrammar.nameIs(name, "expect"): expect.append(value)
            case 10 where HTTPGrammar.nameIs(name, "connection"): connection.append(value)
            case 14 where HTTPGrammar.nameIs(name, "content-length"): contentLength.append(value)
            case 17 where HTTPGrammar.nameIs(name, "transfer-encoding"): transferEncoding.append(value)
            default: break
            }
        }
    }
}
