import Common

/// An answer that is an error: status, the user-facing message, extra headers. Rendered as Nova's
/// fault body `{"<faultName>": {"code": N, "message": "..."}}` in one place (`body`).
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    public var message: String
    /// Extra response headers (`Retry-After` for 413/429, `Allow` for 405).
    public var headers: [HeaderField]

    public struct HeaderField: Sendable, Equatable {
        public let name: String
        public let value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(status: Int, message: String, headers: [HeaderField] = []) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    public var description: String { "\(status) \(faultName): \(message)" }

    /// The fault name Nova's `wsgi.Fault` picks for a status.
    public var faultName: String { APIError.faultName(for: status) }

    public static func faultName(for status: Int) -> String {
        switch status {
        case 400: "badRequest"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "itemNotFound"
        case 405: "badMethod"
        case 409: "conflictingRequest"
        case 413, 429: "overLimit"
        case 415: "badMediaType"
        case 501: "notImplemented"
        case 503: "serviceUnavailable"
        default: "computeFault"
        }
    }

    /// The JSON body: `retryAfter` is added for 413/429 when a `Retry-After` header is set.
    public var body: JSONValue {
        var fault: [String: JSONValue] = ["code": .int(status), "message": .string(message)]
        if status == 413 || status == 429, let retry = headers.first(where: { $0.name.lowercased() == "retry-after" }) {
            fault["retryAfter"] = .string(retry.value)
        }
        return .object([faultName: .object(fault)])
    }

    // Constructors for the common cases, named by HTTP meaning.
    public static func badRequest(_ message: String) -> APIError { APIError(status: 400, message: message) }
    public static func unauthorized(_ message: String = "The request you have made requires authentication.")
        -> APIError
    { APIError(status: 401, message: message) }
    public static func forbidden(_ message: String) -> APIError { APIError(status: 403, message: message) }
    public static func notFound(_ message: String = "The resource could not be found.") -> APIError {
        APIError(status: 404, message: message)
    }
    public static func conflict(_ message: String) -> APIError { APIError(status: 409, message: message) }
    public static func overLimit(_ message: String, status: Int = 413, retryAfter: Int? = nil) -> APIError {
        APIError(
            status: status, message: message, headers: retryAfter.map { [HeaderField("Retry-After", "\($0)")] } ?? [])
    }
    public static func notImplemented(_ message: String = "The requested functionality is not supported.")
        -> APIError
    { APIError(status: 501, message: message) }
    public static func serviceUnavailable(_ message: String) -> APIError { APIError(status: 503, message: message) }
    /// Nova's `PolicyNotAuthorized`.
    public static func policyNotAuthorized(_ rule: String) -> APIError {
        .forbidden("Policy doesn't allow \(rule) to be performed.")
    }
    /// What Nova's `expected_errors` turns an unexpected exception into.
    public static func unexpected(_ error: any Error) -> APIError {
        APIError(
            status: 500,
            message: "Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ "
                + "and attach the Nova API log if possible.\n<class '\(String(reflecting: type(of: error)))'>")
    }
}
