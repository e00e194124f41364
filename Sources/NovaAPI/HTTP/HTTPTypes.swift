/// The request and response values exchanged between the HTTP server and the API layer.
public struct HTTPHeaders: Sendable, Equatable, Sequence {
    public private(set) var fields: [(name: String, value: String)] = []

    public init(_ fields: [(String, String)] = []) { self.fields = fields.map { (name: $0.0, value: $0.1) } }

    /// First value of a header, case-insensitively.
    public subscript(name: String) -> String? {
        let n = name.lowercased()
        return fields.first { $0.name.lowercased() == n }?.value
    }

    public func values(_ name: String) -> [String] {
        let n = name.lowercased()
        return fields.filter { $0.name.lowercased() == n }.map(\.value)
    }

    public mutating func add(_ name: String, _ value: String) { fields.append((name: name, value: value)) }

    /// Replaces every value of `name` with one.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append((name: name, value: value))
    }

    public mutating func remove(_ name: String) {
        let n = name.lowercased()
        fields.removeAll { $0.name.lowercased() == n }
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }

    public static func == (a: HTTPHeaders, b: HTTPHeaders) -> Bool {
        a.fields.map(\.name) == b.fields.map(\.name) && a.fields.map(\.value) == b.fields.map(\.value)
    }
}

public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    /// The request target as sent: path plus optional `?query`.
    public var target: String
    public var version: String
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Peer address, for logs.
    public var remoteAddress: String
    /// Trailer fields of a chunked body (kept apart from `headers`, as RFC 9110 §6.5 asks).
    public var trailers: HTTPHeaders

    public init(
        method: String, target: String, version: String = "HTTP/1.1", headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [], remoteAddress: String = "", trailers: HTTPHeaders = HTTPHeaders()
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.trailers = trailers
    }

    public var path: String {
        if let q = target.firstIndex(of: "?") { return String(target[..<q]) }
        return target
    }

    public var query: String? {
        if let q = target.firstIndex(of: "?") { return String(target[target.index(after: q)...]) }
        return nil
    }
}

public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// What the server calls for each request. Runs on the server's worker threads or tasks; must be thread-safe.
public protocol HTTPHandler: Sendable {
    func handle(_ request: HTTPRequest) async -> HTTPResponse
}
