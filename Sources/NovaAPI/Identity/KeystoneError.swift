import Common

/// An error answer in Keystone's (and keystonemiddleware's) shape:
/// `{"error": {"code": 401, "message": "...", "title": "Unauthorized"}}`.
public struct KeystoneError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    public var message: String
    /// `WWW-Authenticate: Keystone uri="..."` on 401s.
    public var authenticateURI: String?

    public init(status: Int, message: String, authenticateURI: String? = nil) {
        self.status = status
        self.message = message
        self.authenticateURI = authenticateURI
    }

    public var description: String { "\(status) \(title): \(message)" }

    public var title: String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 413: "Request Entity Too Large"
        case 415: "Unsupported Media Type"
        default: "Internal Server Error"
        }
    }

    public static let authenticationRequired = "The request you have made requires authentication."

    public static func unauthorized(_ message: String = authenticationRequired, uri: String?) -> KeystoneError {
        KeystoneError(status: 401, message: message, authenticateURI: uri)
    }
    public static func badRequest(_ message: String) -> KeystoneError { KeystoneError(status: 400, message: message) }
    public static func forbidden(_ message: String) -> KeystoneError { KeystoneError(status: 403, message: message) }
    public static func notFound(_ message: String) -> KeystoneError { KeystoneError(status: 404, message: message) }

    /// keystonemiddleware's header value.
    public static func authenticateHeader(_ uri: String) -> String { "Keystone uri=\"\(uri)\"" }

    public func response(requestId: String?) -> HTTPResponse {
        var headers = HTTPHeaders([("Content-Type", "application/json")])
        if let authenticateURI { headers.add("WWW-Authenticate", Self.authenticateHeader(authenticateURI)) }
        if let requestId { headers.add("x-openstack-request-id", requestId) }
        let body: JSONValue = ["error": ["code": .int(status), "message": .string(message), "title": .string(title)]]
        return HTTPResponse(status: status, headers: headers, body: body.serializedBytes())
    }
}
