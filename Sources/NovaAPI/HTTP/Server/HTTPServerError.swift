#if canImport(Glibc)
    import Glibc
#endif

/// Why the server could not start listening.
public enum HTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidAddress(String)
    case socket(operation: String, host: String, port: Int, errno: Int32)
    case alreadyStarted

    public var description: String {
        switch self {
        case .invalidAddress(let host): "\(host) is not an IPv4 or IPv6 address"
        case .socket(let operation, let host, let port, let code):
            "could not \(operation) \(host):\(port): \(String(cString: strerror(code)))"
        case .alreadyStarted: "the server was already started"
        }
    }
}
