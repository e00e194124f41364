import Common
import Foundation

/// Creates that a quota bounds (a user's key pairs, a project's server groups): the count and the insert
/// run in one transaction, so concurrent creates cannot pass the limit together.
extension NovaStore {
    /// Stores a new key pair after `check(count)` (the user's key pairs now) did not throw.
    /// `KeyPairExists` when the user already has one by that name.
    public func createKeyPair(_ keyPair: KeyPair, check: @escaping @Sendable (Int) throws -> Void) async throws
        -> KeyPair
    {
        let user = keyPair.userID ?? ""
        return try await write { s in
            try Self.serialize("keypairs:\(user)", s)
            try check(try s.scalarInt("SELECT COUNT(*) FROM key_pairs WHERE user_id = ?", [.text(user)]) ?? 0)
            var kp = keyPair
            if !kp.isSet("type") { kp.type = "ssh" }
            var pairs = Tables.keyPairs.assignments(kp.storage.values, excluding: ["id", "created_at", "updated_at"])
            pairs.append(("created_at", Self.now()))
            return try Self.mapDuplicate(KeyPairExists(name: kp.name)) { try Tables.keyPairs.insert(pairs, s) }
        }
    }

    /// Stores a new server group (with its members) after `check(count)` (the project's groups now) did
    /// not throw. A missing uuid is made up; `InvalidInput` for an unknown policy.
    public func createInstanceGroup(_ group: InstanceGroup, check: @escaping @Sendable (Int) throws -> Void)
        async throws -> InstanceGroup
    {
        guard let policy = group.policy, InstanceGroup.policies.contains(policy) else {
            throw InvalidInput(reason: "policy must be one of \(InstanceGroup.policies.joined(separator: ", "))")
        }
        let uuid = group.uuid.isEmpty ? UUID().uuidString.lowercased() : group.uuid
        return try await write { s in
            let project = group.projectID
            try Self.serialize("groups:\(project ?? "")", s)
            let count = project == nil
                ? try s.scalarInt("SELECT COUNT(*) FROM instance_groups WHERE project_id IS NULL") ?? 0
                : try s.scalarInt("SELECT COUNT(*) FROM instance_groups WHERE project_id = ?", [.from(project)]) ?? 0
            try check(count)
            let pairs: [(String, SQLValue)] = [
                ("uuid", .text(uuid)), ("name", .from(group.name)), ("user_id", .from(group.userID)),
                ("project_id", .from(project)), ("policy", .text(policy)),
                ("rules", group.rules.isEmpty ? .null : .json(.object(group.rules.mapValues { .string($0) }))),
                ("created_at", Self.now()),
            ]
            let cols = pairs.map { "\"\($0.0)\"" }.joined(separator: ", ")
            try Self.mapDuplicate(ObjectExists(kind: "Instance group", key: uuid)) {
                try s.execute("INSERT INTO instance_groups (\(cols)) VALUES (\(Self.marks(pairs.count)))", pairs.map(\.1))
            }
            let id = try Self.groupID(uuid, s)
            try Self.addMembers(id, group.members ?? [], s)
            return try Self.groupRow("id = ?", .int(id), s, missing: uuid)
        }
    }
}
