/// One option, declared once in code: the source of parsing, `--help`, and the sample config.
public struct OptDefinition: Sendable, Hashable {
    public struct Key: Sendable, Hashable, CustomStringConvertible {
        public let group: String
        public let name: String
        public init(_ group: String, _ name: String) { self.group = group; self.name = name }
        public var description: String { "[\(group)] \(name)" }
    }

    public let group: String
    public let name: String
    public let kind: OptKind
    public let defaultValue: ConfigValue?
    public let help: String
    public let mutable: Bool
    /// Older spellings still read from files: (group or nil for the same group, name).
    public let deprecatedNames: [Key]
    /// What the sample config shows instead of a default that depends on the machine (oslo's sample_default).
    public let sampleDefault: String?

    public var key: Key { Key(group, name) }

    public init(group: String, name: String, kind: OptKind, default defaultValue: ConfigValue?, help: String,
                mutable: Bool = false, deprecatedNames: [Key] = [], sampleDefault: String? = nil) {
        self.group = group
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.help = help
        self.mutable = mutable
        self.deprecatedNames = deprecatedNames
        self.sampleDefault = sampleDefault
    }
}

/// Types an option can be read as.
public protocol ConfigReadable: Sendable {
    static func read(_ v: ConfigValue?) -> Self
}

extension String: ConfigReadable {
    public static func read(_ v: ConfigValue?) -> String { v?.description ?? "" }
}
extension Optional: ConfigReadable where Wrapped == String {
    public static func read(_ v: ConfigValue?) -> String? { v?.description }
}
extension Int: ConfigReadable {
    public static func read(_ v: ConfigValue?) -> Int {
        switch v {
        case .int(let i): i
        case .float(let d): Int(d)
        case .string(let s): Int(s) ?? 0
        default: 0
        }
    }
}
extension Double: ConfigReadable {
    public static func read(_ v: ConfigValue?) -> Double {
        switch v {
        case .float(let d): d
        case .int(let i): Double(i)
        case .string(let s): Double(s) ?? 0
        default: 0
        }
    }
}
extension Bool: ConfigReadable {
    public static func read(_ v: ConfigValue?) -> Bool { if case .bool(let b) = v { b } else { false } }
}
extension Array: ConfigReadable where Element == String {
    public static func read(_ v: ConfigValue?) -> [String] {
        switch v {
        case .list(let l): l
        case .string(let s): s.isEmpty ? [] : [s]
        default: []
        }
    }
}

/// A typed handle on a declared option: `conf[CommonOptions.reportInterval]`.
public struct Opt<Value: ConfigReadable>: Sendable {
    public let definition: OptDefinition
    public init(_ definition: OptDefinition) { self.definition = definition }

    public static func string(_ name: String, group: String = "DEFAULT", default d: String?, help: String,
                              mutable: Bool = false, deprecated: [OptDefinition.Key] = []) -> Opt<Value> {
        Opt(OptDefinition(group: group, name: name, kind: .string, default: d.map { .string($0) }, help: help,
                          mutable: mutable, deprecatedNames: deprecated))
    }

    public static func make(_ name: String, group: String = "DEFAULT", kind: OptKind, default d: ConfigValue?,
                            help: String, mutable: Bool = false, deprecated: [OptDefinition.Key] = [],
                            sampleDefault: String? = nil) -> Opt<Value> {
        Opt(OptDefinition(group: group, name: name, kind: kind, default: d, help: help, mutable: mutable,
                          deprecatedNames: deprecated, sampleDefault: sampleDefault))
    }
}

/// Any typed option, for lists of declarations.
public protocol AnyOpt: Sendable {
    var definition: OptDefinition { get }
}

extension Opt: AnyOpt {}

/// The definitions of a list of typed options.
public func definitions(_ opts: any AnyOpt...) -> [OptDefinition] { opts.map(\.definition) }
