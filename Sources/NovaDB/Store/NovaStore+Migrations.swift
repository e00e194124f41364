import Common
import Foundation

/// Migrations (resizes, cold and live migrations, evacuations) of instances.
extension NovaStore {
    static let migrationFixedFields: Set<String> = ["id", "uuid", "created_at", "updated_at", "deleted", "deleted_at"]

    /// Stores a new migration; a missing uuid is made up.
    public func createMigration(_ migration: Migration) async throws -> Migration {
        let uuid = migration.uuid.isEmpty ? UUID().uuidString.lowercased() : migration.uuid
        return try await write { s in
            var m = migration
            m.setDefaults()
            var pairs = Tables.migrations.assignments(m.storage.values, excluding: Self.migrationFixedFields)
            pairs += [("uuid", .text(uuid)), ("created_at", Self.now()), ("deleted", .int(0))]
            do {
                return try Self.mapDuplicate(ObjectExists(kind: "Migration", key: uuid)) {
                    try Tables.migrations.insert(pairs, s)
                }
            } catch DatabaseError.constraint {
                throw InstanceNotFound(instanceID: m.instanceUUID ?? "-")
            }
        }
    }

    /// The migration with database id `id`; `MigrationNotFound` otherwise.
    public func migration(id: Int) async throws -> Migration {
        try await read { s in
            guard let r = try s.first(Tables.migrations.select(where: "id = ? AND deleted = 0"), [.int(id)]) else {
                throw MigrationNotFound(migrationID: String(id))
            }
            return Tables.migrations.decode(r)
        }
    }

    public func migration(uuid: String) async throws -> Migration {
        try await read { s in
            guard let r = try s.first(Tables.migrations.select(where: "uuid = ? AND deleted = 0"), [.text(uuid)]) else {
                throw MigrationNotFound(migrationID: uuid)
            }
            return Tables.migrations.decode(r)
        }
    }

    /// Writes `changes` (as `Migration.changedValues`) to the migration.
    public func saveMigration(uuid: String, changes: [String: JSONValue]) async throws -> Migration {
        try await write { s in
            let pairs =
                Tables.migrations.assignments(changes, excluding: Self.migrationFixedFields)
                + [("updated_at", Self.now())]
            guard let m = try Tables.migrations.update(pairs, where: "uuid = ? AND deleted = 0", [.text(uuid)], s).first
            else { throw MigrationNotFound(migrationID: uuid) }
            return m
        }
    }

    /// Migrations matching `filter`, newest first, after the migration `marker` (a uuid).
    public func migrations(filter: MigrationFilter = MigrationFilter(), limit: Int? = nil, marker: String? = nil)
        async throws -> [Migration]
    {
        try Self.checkLimit(limit)
        let keys: [SortKey] = [.desc("created_at"), .desc("id")]
        return try await read { s in
            var (cond, params) = filter.conditions()
            if let marker {
                guard let m = try s.first("SELECT * FROM migrations WHERE uuid = ?", [.text(marker)]) else {
                    throw MarkerNotFound(marker: marker)
                }
                let (after, ap) = KeysetPaging.after(keys, marker: m)
                cond += " AND " + after
                params += ap
            }
            var sql = Tables.migrations.select(where: cond) + " ORDER BY " + KeysetPaging.orderBy(keys)
            if let limit {
                sql += " LIMIT ?"
                params.append(.int(limit))
            }
            return try s.query(sql, params).map(Tables.migrations.decode)
        }
    }

    /// Moves under way from or to `host` (what a restarting compute must finish or clean up).
    public func migrationsInProgress(host: String) async throws -> [Migration] {
        try await migrations(filter: MigrationFilter(host: host, inProgressOnly: true))
    }
}
