import Common
import Foundation

/// Users' key pairs (unique by user and name; deleted for real).
extension NovaStore {
    /// Stores a new key pair; `KeyPairExists` when the user already has one by that name.
    public func createKeyPair(_ keyPair: KeyPair) async throws -> KeyPair {
        try await write { s in
            var kp = keyPair
            if !kp.isSet("type") { kp.type = "ssh" }
            var pairs = Tables.keyPairs.assignments(kp.storage.values, excluding: ["id", "created_at", "updated_at"])
            pairs.append(("created_at", Self.now()))
            return try Self.mapDuplicate(KeyPairExists(name: kp.name)) { try Tables.keyPairs.insert(pairs, s) }
        }
    }

    /// The user's key pair `name`; `KeypairNotFound` otherwise.
    public func keyPair(userID: String, name: String) async throws -> KeyPair {
        try await read { s in
            guard
                let r = try s.first(
                    Tables.keyPairs.select(where: "user_id = ? AND name = ?"),
                    [.text(userID), .text(name)])
            else { throw KeypairNotFound(name: name, userID: userID) }
            return Tables.keyPairs.decode(r)
        }
    }

    /// The user's key pairs by name; `marker` is a key pair name.
    public func keyPairs(userID: String, limit: Int? = nil, marker: String? = nil) async throws -> [KeyPair] {
        try Self.checkLimit(limit)
        let keys: [SortKey] = [.asc("name"), .asc("id")]
        return try await read { s in
            var cond = "user_id = ?"
            var params: [SQLValue] = [.text(userID)]
            if let marker {
                guard
                    let m = try s.first(
                        "SELECT * FROM key_pairs WHERE user_id = ? AND name = ?",
                        [.text(userID), .text(marker)])
                else { throw MarkerNotFound(marker: marker) }
                let (after, ap) = KeysetPaging.after(keys, marker: m)
                cond += " AND " + after
                params += ap
            }
            var sql = Tables.keyPairs.select(where: cond) + " ORDER BY " + KeysetPaging.orderBy(keys)
            if let limit {
                sql += " LIMIT ?"
                params.append(.int(limit))
            }
            return try s.query(sql, params).map(Tables.keyPairs.decode)
        }
    }

    public func deleteKeyPair(userID: String, name: String) async throws {
        try await write { s in
            guard
                try s.execute("DELETE FROM key_pairs WHERE user_id = ? AND name = ?", [.text(userID), .text(name)]) > 0
            else { throw KeypairNotFound(name: name, userID: userID) }
        }
    }

    /// How many key pairs the user has (the key_pairs quota).
    public func keyPairCount(userID: String) async throws -> Int {
        try await read { s in try s.scalarInt("SELECT COUNT(*) FROM key_pairs WHERE user_id = ?", [.text(userID)]) ?? 0
        }
    }
}
