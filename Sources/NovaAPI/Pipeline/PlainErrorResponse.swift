import Common

/// Errors answered outside the compute resources (unknown path, oversize body) come from webob, not
/// from Nova's fault wrapper: plain text unless the client prefers JSON or HTML, as webob chooses.
public enum PlainErrorResponse {
    static let titles = [404: "Not Found", 405: "Method Not Allowed", 413: "Request Entity Too Large"]

    public static func render(status: Int, explanation: String, accept: String?) -> HTTPResponse {
        let title = titles[status] ?? "Error"
        let statusLine = "\(status) \(title)"
        // webob's body template ("<explanation><br /><br />\n<detail>\n<comment>\n") once tags are stripped.
        let text = explanation + "\n\n   "
        var headers = HTTPHeaders()
        let body: String
        switch preferred(accept) {
        case "application/json":
            headers.add("Content-Type", "application/json")
            body = JSONValue.object(["code": .string(statusLine), "title": .string(title), "message": .string(text)])
                .serialized()
        case "text/html":
            headers.add("Content-Type", "text/html; charset=UTF-8")
            body =
                "<html>\n <head>\n  <title>\(statusLine)</title>\n </head>\n <body>\n  <h1>\(statusLine)</h1>\n  "
                + explanation + "<br /><br />\n\n\n\n </body>\n</html>"
        default:
            headers.add("Content-Type", "text/plain; charset=UTF-8")
            body = statusLine + "\n\n" + text
        }
        return HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    /// webob's choice among text/plain, text/html, application/json: highest quality, ties to the
    /// earlier offer; no Accept header means any (so text/plain).
    static func preferred(_ accept: String?) -> String {
        let offers = ["text/plain", "text/html", "application/json"]
        guard let accept, !accept.trimmingSpaces.isEmpty else { return offers[0] }
        var ranges: [(type: String, q: Double)] = []
        for item in accept.split(separator: ",") {
            let parts = item.split(separator: ";").map { String($0).trimmingSpaces.lowercased() }
            guard let type = parts.first, !type.isEmpty else { continue }
            var q = 1.0
            for p in parts.dropFirst() where p.hasPrefix("q=") { q = Double(p.dropFirst(2)) ?? 1.0 }
            ranges.append((type, q))
        }
        func quality(_ offer: String) -> Double {
            let major = offer.split(separator: "/")[0]
            if let exact = ranges.first(where: { $0.type == offer }) { return exact.q }
            if let sub = ranges.first(where: { $0.type == "\(major)/*" }) { return sub.q }
            if let all = ranges.first(where: { $0.type == "*/*" }) { return all.q }
            return 0
        }
        var best = (offer: "text/plain", q: 0.0)
        for offer in offers where quality(offer) > best.q { best = (offer, quality(offer)) }
        return best.offer
    }
}
