import Common

/// What a controller returns: a status, an optional JSON body, extra headers (`Location`...).
public struct APIResponse: Sendable, Equatable {
    public var status: Int
    public var body: JSONValue?
    public var headers: HTTPHeaders

    public init(status: Int = 200, body: JSONValue? = nil, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.body = body
        self.headers = headers
    }

    public static func ok(_ body: JSONValue) -> APIResponse { APIResponse(status: 200, body: body) }
    public static func accepted(_ body: JSONValue? = nil) -> APIResponse { APIResponse(status: 202, body: body) }
    public static func noContent() -> APIResponse { APIResponse(status: 204) }
}
