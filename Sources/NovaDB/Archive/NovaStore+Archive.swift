import Common
import Foundation

/// `nova-manage db archive_deleted_rows` and `db purge`: soft-deleted rows move to the `shadow_*`
/// tables, and purging empties those.
extension NovaStore {
    /// Moves soft-deleted rows (deleted before `before`, when given) to the shadow tables in one
    /// transaction. A deleted instance moves with everything that refers to it (actions and their events,
    /// faults, metadata, migrations), and its request spec and group membership are removed.
    /// `maxRows` bounds the instances, services and compute nodes taken in one run (their dependent rows
    /// come along). Returns rows moved per table (tables with none are left out).
    public func archiveDeletedRows(maxRows: Int = 1000, before: Date? = nil) async throws -> [String: Int] {
        guard maxRows > 0 else { throw InvalidInput(reason: "max_rows must be a positive number, got \(maxRows)") }
        return try await write { s in
            var moved: [String: Int] = [:]
            var budget = maxRows
            let age = before.map { (" AND deleted_at < ?", [SQLValue.from($0)]) } ?? ("", [])
            let uuids = try s.query(
                "SELECT uuid FROM instances WHERE deleted <> 0\(age.0) ORDER BY id LIMIT ?",
                age.1 + [.int(budget)]
            ).compactMap { $0.string("uuid") }
            budget -= uuids.count
            if !uuids.isEmpty { try Self.archiveInstances(uuids, s, into: &moved) }
            // Nodes still referenced by allocations stay until those are freed.
            let nodeIDs = try s.query(
                "SELECT id FROM compute_nodes WHERE deleted <> 0\(age.0) AND id NOT IN "
                    + "(SELECT compute_node_id FROM allocations) ORDER BY id LIMIT ?",
                age.1 + [.int(budget)]
            ).compactMap { $0.string("id") }
            budget -= nodeIDs.count
            if !nodeIDs.isEmpty {
                _ = try Self.inChunks(nodeIDs, s) { "DELETE FROM inventories WHERE compute_node_id IN (\($0))" }
                try Self.move("compute_nodes", "id IN", nodeIDs, s, into: &moved)
            }
            let serviceIDs = try s.query(
                "SELECT id FROM services WHERE deleted <> 0\(age.0) ORDER BY id LIMIT ?",
                age.1 + [.int(max(budget, 0))]
            ).compactMap { $0.string("id") }
            if !serviceIDs.isEmpty { try Self.move("services", "id IN", serviceIDs, s, into: &moved) }
            return moved
        }
    }

    static func archiveInstances(_ uuids: [String], _ s: DBSession, into moved: inout [String: Int]) throws {
        let actionIDs = try inChunks(uuids, s) { "SELECT id FROM instance_actions WHERE instance_uuid IN (\($0))" }
            .compactMap { $0.string("id") }
        if !actionIDs.isEmpty {
            try move("instance_actions_events", "action_id IN", actionIDs, s, into: &moved)
            try move("instance_actions", "id IN", actionIDs, s, into: &moved)
        }
        for t in ["instance_faults", "instance_metadata", "instance_system_metadata", "migrations"] {
            try move(t, "instance_uuid IN", uuids, s, into: &moved)
        }
        try move("instances", "uuid IN", uuids, s, into: &moved)
        for t in ["request_specs", "instance_group_member"] {
            _ = try inChunks(uuids, s) { "DELETE FROM \(t) WHERE instance_uuid IN (\($0))" }
        }
        _ = try inChunks(uuids, s) { "DELETE FROM allocations WHERE consumer_id IN (\($0))" }
    }

    /// Copies the rows of `table` whose `<condition> (keys)` holds to its shadow table, then deletes them.
    static func move(
        _ table: String, _ condition: String, _ keys: [String], _ s: DBSession,
        into moved: inout [String: Int]
    ) throws {
        var i = 0
        while i < keys.count {
            let chunk = Array(keys[i..<min(i + 500, keys.count)])
            let params = chunk.map { SQLValue.text($0) }
            let cond = "\(condition) (\(marks(chunk.count)))"
            try s.execute("INSERT INTO shadow_\(table) SELECT * FROM \(table) WHERE \(cond)", params)
            let n = try s.execute("DELETE FROM \(table) WHERE \(cond)", params)
            if n > 0 { moved[table, default: 0] += n }
            i += 500
        }
    }

    /// Empties the shadow tables, or only the rows archived (deleted, or failing that last changed)
    /// before `before`. Returns rows deleted per table (tables with none are left out).
    public func purgeShadowTables(before: Date? = nil) async throws -> [String: Int] {
        try await write { s in
            var out: [String: Int] = [:]
            for t in SchemaMigration.shadowed {
                let n: Int
                if let before {
                    n = try s.execute(
                        "DELETE FROM shadow_\(t) WHERE COALESCE(deleted_at, updated_at, created_at) < ?",
                        [.from(before)])
                } else {
                    n = try s.execute("DELETE FROM shadow_\(t)")
                }
                if n > 0 { out["shadow_\(t)"] = n }
            }
            return out
        }
    }

    /// Rows per shadow table (what `purge` would remove).
    public func shadowRowCounts() async throws -> [String: Int] {
        try await read { s in
            var out: [String: Int] = [:]
            for t in SchemaMigration.shadowed {
                out["shadow_\(t)"] = try s.scalarInt("SELECT COUNT(*) FROM shadow_\(t)") ?? 0
            }
            return out
        }
    }
}
