import Common
import Foundation

/// How a column's SQL value and an object field's JSON value convert into each other.
enum ColumnKind: Sendable {
    case text
    case int
    case double
    case bool
    /// A datetime: SQL text `2026-11-22 10:00:00.123456` ↔ the object's ISO primitive.
    case date
    /// JSON in a text column (nested objects, dicts, lists).
    case json
    /// Nova's soft-delete marker: 0 while live, the row id once deleted ↔ the object's `deleted` bool.
    case deleted

    func jsonValue(_ v: SQLValue) -> JSONValue {
        if v.isNull { return .null }
        switch self {
        case .text: return .from(v.textValue)
        case .int: return .from(v.intValue)
        case .double: return .from(v.doubleValue)
        case .bool, .deleted: return .from(v.intValue.map { $0 != 0 })
        case .date: return v.dateValue.map { .string(NovaTime.format($0)) } ?? .null
        case .json: return v.textValue.flatMap { try? JSONValue.parse($0) } ?? .null
        }
    }

    func sqlValue(_ j: JSONValue) -> SQLValue {
        if j.isNull { return .null }
        switch self {
        case .text: return .from(j.stringValue ?? j.serialized())
        case .int: return .from(j.intValue ?? j.boolValue.map { $0 ? 1 : 0 })
        case .double: return .from(j.doubleValue)
        case .bool: return .from(j.boolValue ?? j.intValue.map { $0 != 0 })
        case .date: return .from(j.stringValue.flatMap(NovaTime.parse))
        case .json: return .json(j)
        case .deleted: return .int(j.boolValue == true ? 1 : 0)
        }
    }
}
