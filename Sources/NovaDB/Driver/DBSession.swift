import Foundation

/// Statements on one pooled connection, handed to the closures of `Database.read` and `transaction`.
/// Only valid inside that closure, on that pool thread.
public struct DBSession {
    let connection: DatabaseConnection

    public var dialect: SQLDialect { connection.dialect }

    /// Runs a statement (with `?` placeholders) and returns its rows.
    @discardableResult
    public func query(_ sql: String, _ params: [SQLValue] = []) throws(DatabaseError) -> [SQLRow] {
        try connection.run(sql, params).rows
    }

    /// Runs a statement and returns how many rows it changed.
    @discardableResult
    public func execute(_ sql: String, _ params: [SQLValue] = []) throws(DatabaseError) -> Int {
        try connection.run(sql, params).changes
    }

    /// The first row, or nil.
    public func first(_ sql: String, _ params: [SQLValue] = []) throws(DatabaseError) -> SQLRow? {
        try connection.run(sql, params).rows.first
    }

    /// The first column of the first row as an integer (counts, sums, ids).
    public func scalarInt(_ sql: String, _ params: [SQLValue] = []) throws(DatabaseError) -> Int? {
        try connection.run(sql, params).rows.first?.values.first?.intValue
    }

    /// Runs parameterless statements (DDL).
    public func script(_ sql: String) throws(DatabaseError) {
        try connection.runScript(sql)
    }
}
