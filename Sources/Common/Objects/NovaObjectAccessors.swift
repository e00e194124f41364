import Foundation

/// More typed accessors for the objects' properties: datetimes, integer lists, raw JSON, typed enums.
extension NovaObject {
    /// A DateTimeField, kept in storage as Nova's ISO primitive.
    public func date(_ k: String) -> Date? {
        guard let s = storage.values[k]?.stringValue else { return nil }
        return NovaTime.parse(s)
    }

    public mutating func set(_ k: String, _ v: Date?) {
        self[k] = v.map { .string(NovaTime.format($0)) } ?? .null
    }

    public func intList(_ k: String) -> [Int] {
        storage.values[k]?.arrayValue?.compactMap { $0.intValue } ?? []
    }

    public mutating func set(_ k: String, _ v: [Int]) { self[k] = .array(v.map { .int($0) }) }

    /// `nil` for an unset field or a null; the list otherwise (ListOfStringsField(nullable=True)).
    public func optionalStringList(_ k: String) -> [String]? {
        guard let a = storage.values[k]?.arrayValue else { return nil }
        return a.compactMap { $0.stringValue }
    }

    public mutating func set(_ k: String, _ v: [String]?) {
        self[k] = v.map { .array($0.map { .string($0) }) } ?? .null
    }

    /// `nil` for an unset field or a null; the dict otherwise (DictOfStringsField(nullable=True)).
    public func optionalStringDict(_ k: String) -> [String: String]? {
        guard storage.values[k]?.objectValue != nil else { return nil }
        return stringDict(k)
    }

    public mutating func set(_ k: String, _ v: [String: String]?) {
        self[k] = v.map { .object($0.mapValues { .string($0) }) } ?? .null
    }

    /// A field whose value is free-form JSON (`.json` fields).
    public func json(_ k: String) -> JSONValue? {
        guard let v = storage.values[k], !v.isNull else { return nil }
        return v
    }

    public mutating func set(_ k: String, json v: JSONValue?) { self[k] = v ?? .null }

    /// A string field read as a typed enum (`nil` when unset, null or an unknown value).
    public func enumValue<E: RawRepresentable>(_ k: String, as: E.Type = E.self) -> E? where E.RawValue == String {
        string(k).flatMap { E(rawValue: $0) }
    }

    public mutating func set<E: RawRepresentable>(_ k: String, _ v: E?) where E.RawValue == String {
        self[k] = .from(v?.rawValue)
    }

    /// Sets a non-nullable object field, or unsets it for nil (a null there would not decode).
    public mutating func setOrUnset<T: NovaObject>(_ k: String, _ v: T?) {
        if let v {
            set(k, v)
        } else {
            storage.values[k] = nil
            storage.changes.remove(k)
        }
    }

    /// Whether two objects hold the same field values (changes aside).
    public func sameValues(as other: Self) -> Bool { storage.values == other.storage.values }
}
