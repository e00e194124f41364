/// One numbered, forward-only schema change: DDL statements run in one transaction with the row that
/// records the new version.
///
/// Statements are written once for both engines; the only words that differ are spelled as
/// placeholders: `{id}` (an auto-numbered primary key) and `{ts}` (a datetime column).
public struct SchemaMigration: Sendable {
    public let version: Int
    public let name: String
    public let statements: [String]

    public init(_ version: Int, _ name: String, _ statements: [String]) {
        self.version = version
        self.name = name
        self.statements = statements
    }

    /// The statements spelled for `dialect`.
    public func rendered(for dialect: SQLDialect) -> [String] {
        statements.map { Self.render($0, dialect) }
    }

    static func render(_ sql: String, _ dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite:
            // AUTOINCREMENT: ids are never reused, even after the newest rows are archived away
            // (an instance's name is derived from its id).
            sql.replacingOccurrences(of: "{id}", with: "INTEGER PRIMARY KEY AUTOINCREMENT")
                .replacingOccurrences(of: "{ts}", with: "VARCHAR(32)")
        case .postgresql:
            sql.replacingOccurrences(of: "{id}", with: "BIGSERIAL PRIMARY KEY")
                .replacingOccurrences(of: "{ts}", with: "TIMESTAMP")
        }
    }

    /// `created_at`, `updated_at`, `deleted_at`, `deleted` (Nova's soft-delete columns: `deleted` is 0
    /// while live and the row's id once deleted, so unique keys that include it allow re-creation).
    static let softDeleteColumns =
        "created_at {ts}, updated_at {ts}, deleted_at {ts}, deleted BIGINT NOT NULL DEFAULT 0"
    /// `created_at`, `updated_at` for rows that are deleted for real.
    static let timestampColumns = "created_at {ts}, updated_at {ts}"
}
