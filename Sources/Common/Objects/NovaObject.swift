/// Versioned objects: the only thing that crosses the wire between services, in Nova's primitive form
/// `{"nova_object.name", ".namespace", ".version", ".data", ".changes"}`.
///
/// An object keeps its fields as JSON values (`storage`), so the primitive form, change tracking and
/// compatibility work the same for every object; each object adds typed accessors over it.
public enum FieldType: Sendable, Hashable {
    case string
    case int
    case float
    case bool
    case uuid
    /// ISO 8601 in UTC, as Nova's DateTimeField primitive: `2026-11-22T10:00:00Z`.
    case dateTime
    /// `{str: str}` (metadata, extra specs).
    case stringDict
    case stringList
    case intList
    /// Any JSON (dicts of mixed values).
    case json
    case enumeration([String])
    /// A nested object by registered name.
    case object(String)
    case objectList(String)
}

public struct Field: Sendable, Hashable {
    public let name: String
    public let type: FieldType
    public let nullable: Bool
    public let defaultValue: JSONValue?

    public init(_ name: String, _ type: FieldType, nullable: Bool = false, default d: JSONValue? = nil) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.defaultValue = d
    }
}

/// Field values that have been set, and which of them changed since the last `objResetChanges()`.
public struct ObjectStorage: Sendable, Hashable {
    public var values: [String: JSONValue] = [:]
    public var changes: Set<String> = []
    public init(values: [String: JSONValue] = [:], changes: Set<String> = []) {
        self.values = values
        self.changes = changes
    }
}

public protocol NovaObject: Sendable {
    static var objName: String { get }
    static var objVersion: String { get }
    static var objNamespace: String { get }
    static var fields: [Field] { get }
    /// Version in which each field appeared, for fields newer than 1.0: dropped for older peers.
    static var fieldVersions: [String: String] { get }
    var storage: ObjectStorage { get set }
    init(storage: ObjectStorage)
    /// Hook for conversions beyond dropping newer fields.
    static func makeCompatible(data: inout [String: JSONValue], to version: ObjectVersion)
}

extension NovaObject {
    public static var objNamespace: String { "nova" }
    public static var fieldVersions: [String: String] { [:] }
    public static func makeCompatible(data: inout [String: JSONValue], to version: ObjectVersion) {}

    public init() { self.init(storage: ObjectStorage()) }

    public static var fieldMap: [String: Field] {
        var m: [String: Field] = [:]
        for f in fields { m[f.name] = f }
        return m
    }

    public subscript(field: String) -> JSONValue? {
        get { storage.values[field] }
        set {
            storage.values[field] = newValue
            storage.changes.insert(field)
        }
    }

    public func isSet(_ field: String) -> Bool { storage.values[field] != nil }
    public func whatChanged() -> Set<String> { storage.changes }
    public mutating func resetChanges() { storage.changes = [] }
    public var changedValues: [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for k in storage.changes { out[k] = storage.values[k] ?? .null }
        return out
    }

    /// Fills unset fields that have defaults (Nova's obj_set_defaults).
    public mutating func setDefaults() {
        for f in Self.fields where storage.values[f.name] == nil {
            if let d = f.defaultValue { self[f.name] = d } else if f.nullable { self[f.name] = .null }
        }
    }

    // Typed accessors used by the objects' properties.
    public func string(_ k: String) -> String? { storage.values[k]?.stringValue }
    public func int(_ k: String) -> Int? { storage.values[k]?.intValue }
    public func double(_ k: String) -> Double? { storage.values[k]?.doubleValue }
    public func bool(_ k: String) -> Bool? { storage.values[k]?.boolValue }
    public func stringDict(_ k: String) -> [String: String] {
        guard let o = storage.values[k]?.objectValue else { return [:] }
        var out: [String: String] = [:]
        for (key, v) in o { if let s = v.stringValue { out[key] = s } }
        return out
    }
    public func stringList(_ k: String) -> [String] {
        storage.values[k]?.arrayValue?.compactMap { $0.stringValue } ?? []
    }
    public func object<T: NovaObject>(_ k: String, as: T.Type = T.self) -> T? {
        guard let p = storage.values[k], !p.isNull else { return nil }
        return try? T.fromPrimitive(p)
    }
    public func objectList<T: NovaObject>(_ k: String, as: T.Type = T.self) -> [T] {
        storage.values[k]?.arrayValue?.compactMap { try? T.fromPrimitive($0) } ?? []
    }

    public mutating func set(_ k: String, _ v: String?) { self[k] = .from(v) }
    public mutating func set(_ k: String, _ v: Int?) { self[k] = .from(v) }
    public mutating func set(_ k: String, _ v: Double?) { self[k] = .from(v) }
    public mutating func set(_ k: String, _ v: Bool?) { self[k] = .from(v) }
    public mutating func set(_ k: String, _ v: [String: String]) { self[k] = .object(v.mapValues { .string($0) }) }
    public mutating func set(_ k: String, _ v: [String]) { self[k] = .array(v.map { .string($0) }) }
    public mutating func set<T: NovaObject>(_ k: String, _ v: T?) { self[k] = v?.toPrimitive() ?? .null }
    public mutating func set<T: NovaObject>(_ k: String, _ v: [T]) { self[k] = .array(v.map { $0.toPrimitive() }) }
}
