import Common
import Foundation

/// A value bound to, or read from, a SQL statement. Only these four kinds exist on the wire to either
/// engine: booleans are integers (0/1), datetimes are text (`2026-11-22 10:00:00.123456`, UTC), JSON is text.
public enum SQLValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case int(Int)
    case double(Double)
    case text(String)

    public var isNull: Bool { if case .null = self { true } else { false } }

    public var intValue: Int? {
        switch self {
        case .int(let i): i
        case .double(let d): Int(exactly: d)
        case .text(let s): Int(s)
        case .null: nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        case .text(let s): Double(s)
        case .null: nil
        }
    }

    public var textValue: String? {
        switch self {
        case .text(let s): s
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .null: nil
        }
    }

    public var boolValue: Bool? { intValue.map { $0 != 0 } }

    /// A datetime column (both engines hand back the SQL text form).
    public var dateValue: Date? { textValue.flatMap(NovaTime.parse) }

    public var description: String {
        switch self {
        case .null: "NULL"
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .text(let s): "'\(s)'"
        }
    }

    public static func from(_ s: String?) -> SQLValue { s.map { .text($0) } ?? .null }
    public static func from(_ i: Int?) -> SQLValue { i.map { .int($0) } ?? .null }
    public static func from(_ d: Double?) -> SQLValue { d.map { .double($0) } ?? .null }
    public static func from(_ b: Bool?) -> SQLValue { b.map { .int($0 ? 1 : 0) } ?? .null }
    public static func from(_ d: Date?) -> SQLValue { d.map { .text(NovaTime.format($0, .sql)) } ?? .null }
    /// JSON kept in a text column, serialized with sorted keys.
    public static func json(_ v: JSONValue?) -> SQLValue {
        guard let v, !v.isNull else { return .null }
        return .text(v.serialized())
    }
}
