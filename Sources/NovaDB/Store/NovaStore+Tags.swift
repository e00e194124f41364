import Common
import Foundation

/// Server tags (microversion 2.26): a list of short strings per instance, kept in the order given.
extension NovaStore {
    /// The tags of each instance that has any.
    public func tags(instanceUUIDs uuids: [String]) async throws -> [String: [String]] {
        guard !uuids.isEmpty else { return [:] }
        return try await read { s in
            var out: [String: [String]] = [:]
            let rows = try Self.inChunks(uuids, s) {
                "SELECT resource_id, tag FROM tags WHERE resource_id IN (\($0)) ORDER BY resource_id, sort_order"
            }
            for r in rows {
                if let u = r.string("resource_id"), let t = r.string("tag") { out[u, default: []].append(t) }
            }
            return out
        }
    }

    /// Replaces the tags of a live instance (duplicates dropped, first one kept); returns them.
    /// `InstanceNotFound` when the instance is not there.
    @discardableResult
    public func setTags(instanceUUID: String, _ tags: [String]) async throws -> [String] {
        try await write { s in
            guard try s.first("SELECT 1 FROM instances WHERE uuid = ? AND deleted = 0", [.text(instanceUUID)]) != nil
            else { throw InstanceNotFound(instanceID: instanceUUID) }
            return try Self.replaceTags(instanceUUID, tags, s)
        }
    }

    /// Drops the tags of an instance (it was destroyed).
    public func deleteTags(instanceUUID: String) async throws {
        try await write { s in try s.execute("DELETE FROM tags WHERE resource_id = ?", [.text(instanceUUID)]) }
    }

    static func replaceTags(_ uuid: String, _ tags: [String], _ s: DBSession) throws -> [String] {
        try s.execute("DELETE FROM tags WHERE resource_id = ?", [.text(uuid)])
        var seen = Set<String>()
        let unique = tags.filter { seen.insert($0).inserted }
        for (n, t) in unique.enumerated() {
            try s.execute("INSERT INTO tags (resource_id, tag, sort_order) VALUES (?, ?, ?)", [.text(uuid), .text(t), .int(n)])
        }
        return unique
    }
}
