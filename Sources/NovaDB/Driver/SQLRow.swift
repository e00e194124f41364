import Common
import Foundation

/// One result row: values by column position, with the column names shared by every row of a result.
public struct SQLRow: Sendable {
    /// Column name → position, shared by the rows of one result.
    public let columns: SQLColumns
    public let values: [SQLValue]

    public init(columns: SQLColumns, values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    public subscript(_ name: String) -> SQLValue {
        guard let i = columns.index[name] else { return .null }
        return values[i]
    }

    public subscript(_ position: Int) -> SQLValue { values[position] }

    public func int(_ name: String) -> Int? { self[name].intValue }
    public func double(_ name: String) -> Double? { self[name].doubleValue }
    public func string(_ name: String) -> String? { self[name].textValue }
    public func bool(_ name: String) -> Bool? { self[name].boolValue }
    public func date(_ name: String) -> Date? { self[name].dateValue }
    /// A JSON text column, parsed; nil for NULL or text that is not JSON.
    public func json(_ name: String) -> JSONValue? { string(name).flatMap { try? JSONValue.parse($0) } }
}

/// The column names of a result, looked up by name.
public final class SQLColumns: Sendable {
    public let names: [String]
    let index: [String: Int]

    public init(_ names: [String]) {
        self.names = names
        var m: [String: Int] = [:]
        for (i, n) in names.enumerated() where m[n] == nil { m[n] = i }
        index = m
    }
}
