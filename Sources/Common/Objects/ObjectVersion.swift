/// `major.minor` of an object or RPC API.
public struct ObjectVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let major: Int
    public let minor: Int

    public init(_ major: Int, _ minor: Int) { self.major = major; self.minor = minor }

    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), a >= 0, b >= 0 else { return nil }
        major = a
        minor = b
    }

    public var description: String { "\(major).\(minor)" }

    public static func < (a: ObjectVersion, b: ObjectVersion) -> Bool {
        (a.major, a.minor) < (b.major, b.minor)
    }
}

/// Why a primitive could not become an object.
public enum ObjectError: Error, Sendable, Equatable, CustomStringConvertible {
    case notAnObject
    case unknownObject(String)
    case incompatibleVersion(name: String, version: String, supported: String)
    case invalidField(object: String, field: String, reason: String)

    public var description: String {
        switch self {
        case .notAnObject: "Not a versioned object primitive"
        case .unknownObject(let n): "Unsupported object type \(n)"
        case .incompatibleVersion(let n, let v, let s):
            "Version \(v) of \(n) is not supported, supported version is \(s)"
        case .invalidField(let o, let f, let r): "Invalid value for \(o).\(f): \(r)"
        }
    }
}
