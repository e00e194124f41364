/// A request back to bytes: what a test client sends, and how the fuzzer checks that what the parser
/// read can be written out and read again to the same request.
extension HTTPRequest {
    /// Framed as the headers say: chunked (body in one chunk, then trailers) when Transfer-Encoding
    /// names it, else the body as is, with a Content-Length added when a body has none.
    public func wireBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + body.count)
        out += "\(method) \(target) \(version)\r\n".utf8
        for (name, value) in headers.fields { out += "\(name): \(value)\r\n".utf8 }
        let chunked = HTTPGrammar.listElements(headers.values("Transfer-Encoding")).last == "chunked"
        if !chunked && !body.isEmpty && headers["Content-Length"] == nil {
            out += "Content-Length: \(body.count)\r\n".utf8
        }
        out += "\r\n".utf8
        guard chunked else {
            out += body
            return out
        }
        if !body.isEmpty {
            out += String(body.count, radix: 16).utf8
            out += "\r\n".utf8
            out += body
            out += "\r\n".utf8
        }
        out += "0\r\n".utf8
        for (name, value) in trailers.fields { out += "\(name): \(value)\r\n".utf8 }
        out += "\r\n".utf8
        return out
    }
}
