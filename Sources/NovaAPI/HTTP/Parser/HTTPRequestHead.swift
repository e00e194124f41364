/// A request's line and headers, with the framing and connection semantics they imply; the parser
/// hands it over as soon as the headers are complete, before the body.
public struct HTTPRequestHead: Sendable, Equatable {
    /// How the body is delimited.
    public enum Framing: Sendable, Equatable {
        case none
        case length(Int)
        case chunked
    }

    public var method: String
    public var target: String
    public var version: String
    public var headers: HTTPHeaders
    public var framing: Framing
    /// Whether the connection may carry another request after this one.
    public var keepAlive: Bool
    /// `Expect: 100-continue` on an HTTP/1.1 request.
    public var expectsContinue: Bool
    /// HTTP/1.0 (no chunked responses, keep-alive only on request).
    public var isHTTP10: Bool

    /// Whether a body is to follow the headers.
    public var hasBody: Bool {
        switch framing {
        case .none, .length(0): false
        default: true
        }
    }
}
