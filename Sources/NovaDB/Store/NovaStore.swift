import Common
import Foundation

/// The stored state of the cloud as Common objects, on SQLite or PostgreSQL: what nova-api, the
/// scheduler, the conductor and nova-manage read and write. Each method is one transaction (or one
/// consistent read) on the pool's threads; objects come back with no pending changes.
///
/// Soft-deleted rows (instances and what hangs off them, services, compute nodes, migrations) are hidden
/// unless a `readDeleted` argument asks for them; the rest (flavors, images, key pairs, aggregates,
/// groups, quotas, request specs) are deleted for real, as in Nova's API database.
public final class NovaStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Closes the pool.
    public func close() { database.close() }

    // MARK: helpers shared by the extensions

    func read<T: Sendable>(_ body: @escaping @Sendable (DBSession) throws -> T) async throws -> T {
        try await database.read(body)
    }

    @discardableResult
    func write<T: Sendable>(_ body: @escaping @Sendable (DBSession) throws -> T) async throws -> T {
        try await database.transaction(body)
    }

    /// The SQL condition on a `deleted` column for `readDeleted`.
    static func deletedCondition(_ readDeleted: RequestContext.ReadDeleted, column: String = "deleted") -> String {
        switch readDeleted {
        case .no: "\(column) = 0"
        case .yes: "1 = 1"
        case .only: "\(column) <> 0"
        }
    }

    /// `?, ?, ?` for `count` parameters (an IN list; never empty: callers check first).
    static func marks(_ count: Int) -> String {
        Array(repeating: "?", count: max(count, 1)).joined(separator: ", ")
    }

    /// The current time as a datetime parameter.
    static func now() -> SQLValue { .from(NovaTime.now()) }

    /// Rows of `sql ... IN (<marks>)` for many keys, a few hundred at a time (engines cap parameters).
    static func inChunks(_ keys: [String], _ s: DBSession, _ sql: (String) -> String, prefix: [SQLValue] = [])
        throws -> [SQLRow]
    {
        var rows: [SQLRow] = []
        var i = 0
        while i < keys.count {
            let chunk = Array(keys[i..<min(i + 500, keys.count)])
            rows += try s.query(sql(marks(chunk.count)), prefix + chunk.map { .text($0) })
            i += 500
        }
        return rows
    }

    /// Turns a unique-key violation into the caller's typed error.
    @discardableResult
    static func mapDuplicate<T>(_ error: @autoclosure () -> any Error, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch DatabaseError.duplicate {
            throw error()
        }
    }

    /// A limit argument: nil (no limit) or at least 0.
    static func checkLimit(_ limit: Int?) throws {
        if let limit, limit < 0 { throw InvalidInput(reason: "limit must be >= 0, got \(limit)") }
    }
}
