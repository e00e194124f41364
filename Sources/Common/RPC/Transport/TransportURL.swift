import Foundation

/// `[DEFAULT] transport_url`: `rabbit://user:pass@host:port[,user:pass@host2:port2]/vhost` or `fake://[/name]`.
public struct TransportURL: Sendable, Equatable, CustomStringConvertible {
    public enum Driver: String, Sendable { case rabbit, fake }

    /// One broker of a cluster.
    public struct Host: Sendable, Equatable, CustomStringConvertible {
        public var hostname: String
        public var port: Int
        public var username: String
        public var password: String
        public init(hostname: String, port: Int = 5672, username: String = "guest", password: String = "guest") {
            self.hostname = hostname
            self.port = port
            self.username = username
            self.password = password
        }
        /// `host:port`, without credentials: safe for logs.
        public var description: String { hostname.contains(":") ? "[\(hostname)]:\(port)" : "\(hostname):\(port)" }
    }

    public var driver: Driver
    public var hosts: [Host]
    /// The AMQP virtual host (`/` when the URL's path is empty).
    public var virtualHost: String

    public init(driver: Driver, hosts: [Host], virtualHost: String) {
        self.driver = driver
        self.hosts = hosts
        self.virtualHost = virtualHost
    }

    /// The URL with passwords masked.
    public var description: String {
        let hs = hosts.map { "\($0.username):****@\($0)" }.joined(separator: ",")
        let vh = virtualHost == "/" ? "" : virtualHost.addingPercentEncoding(withAllowedCharacters: .alphanumerics
            .union(CharacterSet(charactersIn: "-._~"))) ?? virtualHost
        return "\(driver.rawValue)://\(hs)/\(vh)"
    }

    public static func parse(_ text: String) throws(TransportURLError) -> TransportURL {
        guard let sep = text.range(of: "://") else { throw TransportURLError(url: text, reason: "no scheme") }
        let scheme = String(text[..<sep.lowerBound]).lowercased()
        guard let driver = Driver(rawValue: scheme.split(separator: "+").first.map(String.init) ?? scheme) else {
            throw TransportURLError(url: text, reason: "unsupported driver \(scheme) (use rabbit:// or fake://)")
        }
        var rest = Substring(text[sep.upperBound...])
        if let q = rest.firstIndex(of: "?") { rest = rest[..<q] }
        let netloc: Substring
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            netloc = rest[..<slash]
            path = rest[rest.index(after: slash)...]
        } else {
            netloc = rest
        }
        let vhost = path.isEmpty ? "/" : (String(path).removingPercentEncoding ?? String(path))
        var hosts: [Host] = []
        for part in netloc.split(separator: ",", omittingEmptySubsequences: true) {
            hosts.append(try parseHost(part, url: text, inheriting: hosts.last))
        }
        if driver == .rabbit && hosts.isEmpty { throw TransportURLError(url: text, reason: "no host") }
        return TransportURL(driver: driver, hosts: hosts, virtualHost: vhost)
    }

    private static func parseHost(_ s: Substring, url: String, inheriting prev: Host?) throws(TransportURLError)
        -> Host
    {
        var host = Host(hostname: "", username: prev?.username ?? "guest", password: prev?.password ?? "guest")
        var hostPart = s
        if let at = s.lastIndex(of: "@") {
            let cred = s[..<at]
            hostPart = s[s.index(after: at)...]
            let user = cred.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            host.username = String(user[0]).removingPercentEncoding ?? String(user[0])
            host.password = user.count > 1 ? (String(user[1]).removingPercentEncoding ?? String(user[1])) : ""
        }
        var portText: Substring?
        if hostPart.hasPrefix("["), let close = hostPart.firstIndex(of: "]") {
            host.hostname = String(hostPart[hostPart.index(after: hostPart.startIndex)..<close])
            let after = hostPart[hostPart.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() }
        } else if let colon = hostPart.lastIndex(of: ":") {
            host.hostname = String(hostPart[..<colon])
            portText = hostPart[hostPart.index(after: colon)...]
        } else {
            host.hostname = String(hostPart)
        }
        if let p = portText {
            guard let port = Int(p), (1...65535).contains(port) else {
                throw TransportURLError(url: url, reason: "invalid port \(p)")
            }
            host.port = port
        }
        guard !host.hostname.isEmpty else { throw TransportURLError(url: url, reason: "empty host name") }
        return host
    }
}

/// `transport_url` could not be understood.
public struct TransportURLError: Error, Sendable, CustomStringConvertible, Equatable {
    public let url: String
    public let reason: String
    public var description: String {
        let masked = (try? TransportURL.parse(url))?.description ?? "<unparsable>"
        return "Invalid transport_url \(masked): \(reason)"
    }
}
