/// Why a request could not be read; each case carries the status the server answers with before it
/// closes the connection (the framing of anything after a bad request cannot be trusted).
public enum HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformedRequestLine
    case unsupportedTargetForm
    case requestLineTooLong
    case headerLineTooLong
    case headersTooLarge
    case tooManyHeaders
    case malformedHeader
    case obsoleteLineFolding
    case unsupportedVersion
    case missingHost
    case duplicateHost
    case invalidContentLength
    case contentLengthWithTransferEncoding
    case transferEncodingInHTTP10
    case invalidTransferEncoding
    case unsupportedTransferEncoding
    case bodyTooLarge
    case malformedChunk
    case unsupportedExpectation

    /// The response status for this error.
    public var status: Int {
        switch self {
        // RFC 9112 section 3: a request-target longer than the server will parse gets 414 (eventlet, which
        // serves Nova, answers 414 too); 431 is for the header section.
        case .requestLineTooLong: 414
        case .headerLineTooLong, .headersTooLarge, .tooManyHeaders: 431
        case .bodyTooLarge: 413
        case .unsupportedVersion: 505
        case .unsupportedTransferEncoding: 501
        case .unsupportedExpectation: 417
        default: 400
        }
    }

    public var description: String {
        switch self {
        case .malformedRequestLine: "The request line is malformed."
        case .unsupportedTargetForm: "The request target must be an absolute path."
        case .requestLineTooLong: "The request line is too long."
        case .headerLineTooLong: "A header line is too long."
        case .headersTooLarge: "The request headers are too large."
        case .tooManyHeaders: "The request has too many header fields."
        case .malformedHeader: "A header field is malformed."
        case .obsoleteLineFolding: "Folded header lines are not accepted."
        case .unsupportedVersion: "Only HTTP/1.0 and HTTP/1.1 are supported."
        case .missingHost: "HTTP/1.1 requests must carry one Host header."
        case .duplicateHost: "The request carries more than one Host header."
        case .invalidContentLength: "The Content-Length header is invalid."
        case .contentLengthWithTransferEncoding: "Content-Length and Transfer-Encoding cannot both be sent."
        case .transferEncodingInHTTP10: "Transfer-Encoding is not allowed in HTTP/1.0 requests."
        case .invalidTransferEncoding: "The Transfer-Encoding header is invalid: chunked must come last."
        case .unsupportedTransferEncoding: "Only the chunked transfer coding is supported."
        case .bodyTooLarge: "Request is too large."
        case .malformedChunk: "The chunked body is malformed."
        case .unsupportedExpectation: "Only the 100-continue expectation is supported."
        }
    }
}
