/// What can go wrong talking to the database. Messages name the (password-masked) URL or the statement.
public enum DatabaseError: Error, Sendable, CustomStringConvertible, Equatable {
    /// `[database] connection` does not parse or names an engine we do not have.
    case invalidURL(String, reason: String)
    /// The server or file could not be opened.
    case connectionFailed(url: String, reason: String)
    /// A unique constraint refused the row (a duplicate name, id, ...).
    case duplicate(String)
    /// Another constraint (foreign key, not null, check) refused the statement.
    case constraint(String)
    /// Lock contention, a deadlock or a serialization failure: the transaction may be retried.
    case retryable(String)
    /// Any other failure of a statement.
    case query(sql: String, message: String)
    /// The database's schema is newer than this binary knows: refuse to touch it.
    case schemaTooNew(database: Int, head: Int)
    /// The database's schema is older than this binary's head: `nova-manage db sync` is needed.
    case schemaTooOld(database: Int, head: Int)
    /// The pool was closed.
    case closed
    /// A row did not hold what the schema promises.
    case badRow(String)

    public var description: String {
        switch self {
        case .invalidURL(let url, let reason): "Invalid [database] connection \(url): \(reason)"
        case .connectionFailed(let url, let reason): "Cannot connect to the database \(url): \(reason)"
        case .duplicate(let m): "Duplicate entry: \(m)"
        case .constraint(let m): "Constraint violated: \(m)"
        case .retryable(let m): "Database busy: \(m)"
        case .query(let sql, let message): "Database error: \(message) (in: \(sql))"
        case .schemaTooNew(let db, let head):
            "The database schema is at version \(db), newer than this release knows (\(head)); "
                + "upgrade mini-Nova before using this database"
        case .schemaTooOld(let db, let head):
            "The database schema is at version \(db), older than this release needs (\(head)); "
                + "run 'nova-manage db sync'"
        case .closed: "The database connection pool is closed"
        case .badRow(let m): "Unexpected database content: \(m)"
        }
    }

    /// Whether running the same transaction again may succeed.
    public var isRetryable: Bool { if case .retryable = self { true } else { false } }
}
