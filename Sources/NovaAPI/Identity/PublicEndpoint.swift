import Common

/// The base URL clients reach nova-api at: `[api] public_endpoint` when set, else `http://<Host>`.
/// The catalog, the version documents and `WWW-Authenticate` are all built from it.
public struct PublicEndpoint: Sendable, Equatable {
    /// Without a trailing slash.
    public let configured: String?

    public init(_ configured: String?) {
        guard var c = configured?.trimmingSpaces, !c.isEmpty else {
            self.configured = nil
            return
        }
        while c.hasSuffix("/") { c.removeLast() }
        self.configured = c
    }

    public func baseURL(for request: HTTPRequest) -> String {
        if let configured { return configured }
        let host = request.headers["Host"]?.trimmingSpaces ?? ""
        return "http://" + (host.isEmpty || !Self.isPlausibleHost(host) ? "localhost" : host)
    }

    /// A Host header goes into URLs clients follow: only host[:port] characters are taken.
    static func isPlausibleHost(_ host: String) -> Bool {
        host.utf8.allSatisfy { c in
            (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c)
                || [
                    UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "["), UInt8(ascii: "]"),
                    UInt8(ascii: "_"),
                ].contains(c)
        }
    }
}
