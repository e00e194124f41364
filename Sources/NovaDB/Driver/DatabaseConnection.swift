/// One open connection to one engine. Not thread-safe: a pool worker thread owns it for its whole life,
/// and every call on it blocks that thread (never a thread of the cooperative pool).
protocol DatabaseConnection: AnyObject {
    var dialect: SQLDialect { get }
    /// Runs one prepared statement (cached by its text) with `params` bound to its `?` placeholders.
    func run(_ sql: String, _ params: [SQLValue]) throws(DatabaseError) -> SQLResult
    /// Runs parameterless statements separated by semicolons (DDL, transaction control).
    func runScript(_ sql: String) throws(DatabaseError)
}

/// The rows a statement returned and how many rows it inserted, updated or deleted.
public struct SQLResult: Sendable {
    public var rows: [SQLRow]
    public var changes: Int

    public init(rows: [SQLRow] = [], changes: Int = 0) {
        self.rows = rows
        self.changes = changes
    }
}
