import Foundation

/// A parsed `[database] connection`: `sqlite:////abs/path` (SQLAlchemy's form: three slashes, then the
/// path, so an absolute path has four), `sqlite:///relative/path`, or
/// `postgresql://user:pass@host:port/dbname[?key=value...]` (query keys are libpq connection keywords,
/// e.g. `host=/run/postgresql` for a unix socket directory).
public enum DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgresql(PostgresParameters)

    /// libpq connection keywords (`host`, `port`, `user`, `password`, `dbname`, ...), in order.
    public struct PostgresParameters: Sendable, Equatable {
        public var keywords: [(String, String)]
        public static func == (a: Self, b: Self) -> Bool {
            a.keywords.map { "\($0.0)=\($0.1)" } == b.keywords.map { "\($0.0)=\($0.1)" }
        }
        public func value(_ key: String) -> String? { keywords.last { $0.0 == key }?.1 }
    }

    public var dialect: SQLDialect {
        switch self {
        case .sqlite: .sqlite
        case .postgresql: .postgresql
        }
    }

    /// The URL with its password masked, for messages and logs.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:///\(path)"
        case .postgresql(let p):
            let user = p.value("user").map { $0 + (p.value("password") == nil ? "" : ":****") + "@" } ?? ""
            let host = p.value("host") ?? ""
            let port = p.value("port").map { ":" + $0 } ?? ""
            let rest = p.keywords.filter { !["user", "password", "host", "port", "dbname"].contains($0.0) }
            let query = rest.isEmpty ? "" : "?" + rest.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
            return "postgresql://\(user)\(host)\(port)/\(p.value("dbname") ?? "")\(query)"
        }
    }

    public static func parse(_ text: String) throws(DatabaseError) -> DatabaseURL {
        let masked = maskPassword(text)
        guard let sep = text.range(of: "://") else {
            throw .invalidURL(masked, reason: "expected sqlite:///path or postgresql://user:pass@host:port/dbname")
        }
        let scheme = text[..<sep.lowerBound].lowercased()
        let rest = String(text[sep.upperBound...])
        let engine = scheme.split(separator: "+", maxSplits: 1).first.map(String.init) ?? scheme
        switch engine {
        case "sqlite": return try parseSQLite(rest, masked: masked)
        case "postgresql", "postgres": return try parsePostgres(rest, masked: masked)
        default:
            throw .invalidURL(masked, reason: "unsupported database engine '\(scheme)' (use sqlite or postgresql)")
        }
    }

    private static func parseSQLite(_ rest: String, masked: String) throws(DatabaseError) -> DatabaseURL {
        guard rest.hasPrefix("/") else {
            throw .invalidURL(masked, reason: "a sqlite URL is sqlite:///relative/path or sqlite:////absolute/path")
        }
        let path = String(rest.dropFirst())
        guard !path.isEmpty, path != ":memory:" else {
            throw .invalidURL(
                masked,
                reason: "an in-memory SQLite database cannot be shared by the connection "
                    + "pool; give a file path")
        }
        guard !path.contains("?") else {
            throw .invalidURL(masked, reason: "sqlite URLs take no query parameters")
        }
        return .sqlite(path: path)
    }

    private static func parsePostgres(_ rest: String, masked: String) throws(DatabaseError) -> DatabaseURL {
        var body = rest
        var query = ""
        if let q = body.firstIndex(of: "?") {
            query = String(body[body.index(after: q)...])
            body = String(body[..<q])
        }
        guard let slash = body.firstIndex(of: "/") else {
            throw .invalidURL(masked, reason: "missing /dbname after the host")
        }
        let authority = String(body[..<slash])
        let dbname = try decode(String(body[body.index(after: slash)...]), masked)
        guard !dbname.isEmpty else { throw .invalidURL(masked, reason: "missing database name") }
        var kw: [(String, String)] = []
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            let userinfo = String(authority[..<at])
            hostPort = String(authority[authority.index(after: at)...])
            if let colon = userinfo.firstIndex(of: ":") {
                kw.append(("user", try decode(String(userinfo[..<colon]), masked)))
                kw.append(("password", try decode(String(userinfo[userinfo.index(after: colon)...]), masked)))
            } else if !userinfo.isEmpty {
                kw.append(("user", try decode(userinfo, masked)))
            }
        }
        try appendHostPort(hostPort, to: &kw, masked: masked)
        kw.append(("dbname", dbname))
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw .invalidURL(masked, reason: "query parameter '\(pair)' is not key=value")
            }
            kw.append((try decode(parts[0], masked), try decode(parts[1], masked)))
        }
        return .postgresql(PostgresParameters(keywords: kw))
    }

    private static func appendHostPort(_ hostPort: String, to kw: inout [(String, String)], masked: String)
        throws(DatabaseError)
    {
        guard !hostPort.isEmpty else { return }
        var host = hostPort
        var port: String?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else {
                throw .invalidURL(masked, reason: "unterminated [IPv6] host")
            }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if after.hasPrefix(":") { port = String(after.dropFirst()) }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = String(hostPort[..<colon])
            port = String(hostPort[hostPort.index(after: colon)...])
        }
        if let port {
            guard let n = Int(port), (1...65535).contains(n) else {
                throw .invalidURL(masked, reason: "port '\(port)' is not a number from 1 to 65535")
            }
        }
        if !host.isEmpty { kw.append(("host", try decode(host, masked))) }
        if let port { kw.append(("port", port)) }
    }

    private static func decode(_ s: String, _ masked: String) throws(DatabaseError) -> String {
        guard let d = s.removingPercentEncoding else {
            throw .invalidURL(masked, reason: "bad percent-encoding in '\(s)'")
        }
        return d
    }

    /// `scheme://user:****@host/...`: hides the password of a URL that may not even parse.
    public static func maskPassword(_ text: String) -> String {
        guard let sep = text.range(of: "://") else { return text }
        let rest = text[sep.upperBound...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else {
            return text
        }
        return String(text[..<colon]) + ":****" + String(text[at...])
    }
}

/// The two SQL engines: the few places where their SQL differs ask this.
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgresql
}
