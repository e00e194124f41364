/// A compute API microversion (`2.37`): parsed as Nova parses it, compared numerically.
public struct Microversion: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let major: Int
    public let minor: Int

    /// The oldest version we serve (Nova's `_MIN_API_VERSION`).
    public static let minimum = Microversion(2, 1)
    /// The newest version whose every change, for the resources we serve, is implemented.
    /// Raise it as resources land and record each step in docs/MICROVERSIONS.md.
    public static let maximum = Microversion(2, 85)

    public init(_ major: Int, _ minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Nova's format `^([1-9]\d*)\.([1-9]\d*|0)$`; nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let major = Microversion.number(parts[0], allowZero: false),
            let minor = Microversion.number(parts[1], allowZero: true)
        else { return nil }
        self.init(major, minor)
    }

    /// For literals in code (`request.microversion >= "2.37"`); a malformed literal is a programming error.
    public init(stringLiteral value: String) {
        guard let v = Microversion(parsing: value) else { preconditionFailure("bad microversion literal \(value)") }
        self = v
    }

    public var description: String { "\(major).\(minor)" }

    public static func < (a: Microversion, b: Microversion) -> Bool {
        (a.major, a.minor) < (b.major, b.minor)
    }

    /// True when `min <= self <= max` (an open end when nil), as Nova's `APIVersionRequest.matches`.
    public func matches(_ min: Microversion?, _ max: Microversion?) -> Bool {
        if let min, self < min { return false }
        if let max, self > max { return false }
        return true
    }

    private static func number(_ s: Substring, allowZero: Bool) -> Int? {
        guard !s.isEmpty, s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        if s == "0" { return allowZero ? 0 : nil }
        if s.first == "0" { return nil }
        return s.count > 9 ? nil : Int(s)
    }
}
