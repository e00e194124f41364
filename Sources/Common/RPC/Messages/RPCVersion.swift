/// An RPC API version `major.minor`: a server speaking 4.5 accepts 4.0 through 4.5, never 3.x or 5.x.
public struct RPCVersion: Sendable, Hashable, CustomStringConvertible {
    public let major: Int
    public let minor: Int

    public init(_ major: Int, _ minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `"4.5"` (or `"4"`); nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), let ma = Int(parts[0]) else { return nil }
        let mi = parts.count > 1 ? Int(parts[1]) : 0
        guard let mi else { return nil }
        self.init(ma, mi)
    }

    public var description: String { "\(major).\(minor)" }

    /// Whether a server implementing `self` can handle a message of `requested` version (oslo's rule).
    public func canServe(_ requested: RPCVersion) -> Bool {
        requested.major == major && requested.minor <= minor
    }
}
