import Common

/// Glance answers errors through webob: a plain-text body naming the status, unless the client asks
/// for JSON. 401s come from keystonemiddleware instead, in Keystone's JSON shape (`KeystoneError`).
struct ImageError: Error, Sendable, Equatable {
    let status: Int
    let explanation: String

    static func badRequest(_ explanation: String) -> ImageError { ImageError(status: 400, explanation: explanation) }
    static func notFound(_ explanation: String) -> ImageError { ImageError(status: 404, explanation: explanation) }

    var title: String {
        switch status {
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        default: "Internal Server Error"
        }
    }

    func response(accept: String?) -> HTTPResponse {
        let statusLine = "\(status) \(title)"
        if let accept, accept.lowercased().contains("application/json") {
            let body: JSONValue = [
                "code": .string(statusLine), "title": .string(title), "message": .string(explanation + "\n\n   "),
            ]
            return HTTPResponse(
                status: status, headers: HTTPHeaders([("Content-Type", "application/json")]),
                body: body.serializedBytes())
        }
        return HTTPResponse(
            status: status, headers: HTTPHeaders([("Content-Type", "text/plain; charset=UTF-8")]),
            body: Array((statusLine + "\n\n" + explanation + "\n\n   ").utf8))
    }
}
