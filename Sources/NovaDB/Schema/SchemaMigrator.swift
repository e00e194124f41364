import Common
import Foundation

/// Brings a database's schema to head and tells where it stands. The applied versions are rows of
/// `migrate_version`; the database's version is the highest one.
public struct SchemaMigrator: Sendable {
    public let database: Database
    public let migrations: [SchemaMigration]

    public init(database: Database, migrations: [SchemaMigration] = SchemaMigrations.all) {
        self.database = database
        self.migrations = migrations
    }

    public var head: Int { migrations.last?.version ?? 0 }

    /// The schema version of the database: 0 when it has never been synced.
    public func currentVersion() async throws -> Int {
        try await database.read { s in try Self.version(s) }
    }

    /// Applies every migration above the current version, each in its own transaction; returns the
    /// versions applied (none when already at head). Safe to run again and from two processes at once.
    @discardableResult
    public func sync() async throws -> [Int] {
        do {
            try await database.transaction { s in
                // Two syncs creating the table at once: PostgreSQL's IF NOT EXISTS does not cover the race
                // (one of them fails with "type migrate_version already exists"), so they take turns on a
                // transaction-scoped advisory lock; the second then finds the table and does nothing.
                if s.dialect == .postgresql { try s.script("SELECT pg_advisory_xact_lock(7467801)") }
                try s.script(
                    "CREATE TABLE IF NOT EXISTS migrate_version (version INTEGER PRIMARY KEY, "
                        + "name VARCHAR(255), applied_at VARCHAR(32))")
            }
        } catch DatabaseError.duplicate {
            // PostgreSQL: a concurrent sync created it between our check and our create. It exists: fine.
        }
        let current = try await currentVersion()
        if current > head { throw DatabaseError.schemaTooNew(database: current, head: head) }
        var applied: [Int] = []
        for m in migrations where m.version > current {
            let ran = try await database.transaction(retries: 0) { s in try Self.apply(m, s) }
            if ran { applied.append(m.version) }
        }
        return applied
    }

    private static func apply(_ m: SchemaMigration, _ s: DBSession) throws -> Bool {
        // Another `db sync` may be applying the same migration: PostgreSQL needs the lock to make it wait,
        // SQLite's write transaction already holds the whole database.
        if s.dialect == .postgresql { try s.script("LOCK TABLE migrate_version IN EXCLUSIVE MODE") }
        guard try version(s) < m.version else { return false }
        for statement in m.rendered(for: s.dialect) { try s.script(statement) }
        try s.execute(
            "INSERT INTO migrate_version (version, name, applied_at) VALUES (?, ?, ?)",
            [.int(m.version), .text(m.name), .from(NovaTime.now())])
        return true
    }

    /// Refuses a database a service cannot run on: newer than this binary, or not synced to head.
    public func checkCurrent() async throws {
        let v = try await currentVersion()
        if v > head { throw DatabaseError.schemaTooNew(database: v, head: head) }
        if v < head { throw DatabaseError.schemaTooOld(database: v, head: head) }
    }

    static func version(_ s: DBSession) throws -> Int {
        guard try tableExists("migrate_version", s) else { return 0 }
        return try s.scalarInt("SELECT MAX(version) FROM migrate_version") ?? 0
    }

    static func tableExists(_ name: String, _ s: DBSession) throws -> Bool {
        switch s.dialect {
        case .sqlite:
            try s.first("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [.text(name)]) != nil
        case .postgresql:
            try s.first(
                "SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = ?",
                [.text(name)]) != nil
        }
    }
}
