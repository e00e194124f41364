#if canImport(Glibc)
    import Glibc
#endif

/// Responses to bytes. The server owns framing and connection headers (Content-Length, Connection,
/// Transfer-Encoding, Date); fields a handler set that could split the response are dropped.
enum HTTPResponseEncoder {
    static let continueBytes = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Framing and connection fields the server writes itself.
    static func isManaged(_ name: String) -> Bool {
        HTTPGrammar.nameIs(name, "connection") || HTTPGrammar.nameIs(name, "transfer-encoding")
            || HTTPGrammar.nameIs(name, "keep-alive")
    }

    /// `method` is the request's (HEAD gets headers only); `keepAlive` says whether another request may
    /// follow on this connection.
    static func encode(_ response: HTTPResponse, method: String, isHTTP10: Bool, keepAlive: Bool, date: String)
        -> [UInt8]
    {
        let status = response.status
        let bodyless = method == "HEAD" || status == 204 || status == 304 || (100..<200).contains(status)
        var out: [UInt8] = []
        out.reserveCapacity(192 + response.headers.fields.count * 48 + (bodyless ? 0 : response.body.count))
        out += "HTTP/1.1 \(status) \(HTTPStatus.reason(status))\r\n".utf8
        var sawDate = false
        var statedLength: String?
        for (name, value) in response.headers.fields {
            guard isValidField(name, value) else { continue }
            if HTTPGrammar.nameIs(name, "date") { sawDate = true }
            if HTTPGrammar.nameIs(name, "content-length") {
                statedLength = value
                continue
            }
            if isManaged(name) { continue }
            out += name.utf8
            out += ": ".utf8
            out += value.utf8
            out += "\r\n".utf8
        }
        if status == 204 || (100..<200).contains(status) {
            // No length at all: these never have a body.
        } else if let stated = statedLength, !stated.isEmpty, stated.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            response.body.isEmpty, method == "HEAD" || status == 304
        {
            // HEAD and 304 may state the length the GET would have had.
            out += "Content-Length: \(stated)\r\n".utf8
        } else {
            out += "Content-Length: \(response.body.count)\r\n".utf8
        }
        if !sawDate { out += "Date: \(date)\r\n".utf8 }
        if !keepAlive {
            out += "Connection: close\r\n".utf8
        } else if isHTTP10 {
            out += "Connection: keep-alive\r\n".utf8
        }
        out += "\r\n".utf8
        if !bodyless { out += response.body }
        return out
    }

    /// A token name and a value without control characters other than tab.
    static func isValidField(_ name: String, _ value: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy(HTTPGrammar.isToken)
            && value.unicodeScalars.allSatisfy { $0 == "\t" || ($0.value >= 32 && $0.value != 127) }
    }

    /// The answer to a request that could not be read: webob-style plain text, closing the connection.
    static func errorResponse(_ error: HTTPParseError, limits: HTTPParserLimits, accept: String?) -> HTTPResponse {
        if error == .bodyTooLarge {
            return PlainErrorResponse.render(
                status: 413,
                explanation: "Request is too large. Larger than max_request_body_size (\(limits.maxBodySize)).",
                accept: accept)
        }
        return plain(error.status, error.description)
    }

    static func plain(_ status: Int, _ explanation: String) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/plain; charset=UTF-8")
        let body = "\(status) \(HTTPStatus.reason(status))\n\n\(explanation)\n\n   "
        return HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    /// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) for the given Unix time.
    static func httpDate(_ seconds: Int) -> String {
        var t = time_t(seconds)
        var tm = tm()
        gmtime_r(&t, &tm)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(days[Int(tm.tm_wday)]), \(two(tm.tm_mday)) \(months[Int(tm.tm_mon)]) \(tm.tm_year + 1900) "
            + "\(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec)) GMT"
    }
}
