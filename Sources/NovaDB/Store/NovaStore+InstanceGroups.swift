import Common
import Foundation

/// Server groups: a policy over a set of instances.
extension NovaStore {
    /// Stores a new group with its members; a missing uuid is made up.
    public func createInstanceGroup(_ group: InstanceGroup) async throws -> InstanceGroup {
        guard let policy = group.policy, InstanceGroup.policies.contains(policy) else {
            throw InvalidInput(reason: "policy must be one of \(InstanceGroup.policies.joined(separator: ", "))")
        }
        let uuid = group.uuid.isEmpty ? UUID().uuidString.lowercased() : group.uuid
        return try await write { s in
            let pairs: [(String, SQLValue)] = [
                ("uuid", .text(uuid)), ("name", .from(group.name)), ("user_id", .from(group.userID)),
                ("project_id", .from(group.projectID)), ("policy", .text(policy)),
                ("rules", group.rules.isEmpty ? .null : .json(.object(group.rules.mapValues { .string($0) }))),
                ("created_at", Self.now()),
            ]
            let cols = pairs.map { "\"\($0.0)\"" }.joined(separator: ", ")
            try Self.mapDuplicate(ObjectExists(kind: "Instance group", key: uuid)) {
                try s.execute(
                    "INSERT INTO instance_groups (\(cols)) VALUES (\(Self.marks(pairs.count)))", pairs.map(\.1))
            }
            let id = try Self.groupID(uuid, s)
            try Self.addMembers(id, group.members ?? [], s)
            return try Self.groupRow("id = ?", .int(id), s, missing: uuid)
        }
    }

    /// The group `uuid` with its members; `InstanceGroupNotFound` otherwise.
    public func instanceGroup(uuid: String) async throws -> InstanceGroup {
        try await read { s in try Self.groupRow("uuid = ?", .text(uuid), s, missing: uuid) }
    }

    /// The group `instanceUUID` belongs to, if any.
    public func instanceGroup(instanceUUID: String) async throws -> InstanceGroup? {
        try await read { s in
            guard
                let id = try s.scalarInt(
                    "SELECT group_id FROM instance_group_member WHERE instance_uuid = ?",
                    [.text(instanceUUID)])
            else { return nil }
            return try Self.groupRow("id = ?", .int(id), s, missing: instanceUUID)
        }
    }

    /// Groups by id, optionally of one project.
    public func instanceGroups(projectID: String? = nil, limit: Int? = nil, offset: Int? = nil) async throws
        -> [InstanceGroup]
    {
        try Self.checkLimit(limit)
        return try await read { s in
            var sql =
                "SELECT * FROM instance_groups WHERE " + (projectID == nil ? "1 = 1" : "project_id = ?")
                + " ORDER BY id"
            var params: [SQLValue] = projectID.map { [.text($0)] } ?? []
            if limit != nil || offset != nil {
                // Both engines take LIMIT ... OFFSET ...; "no limit" is the largest one.
                sql += " LIMIT ? OFFSET ?"
                params += [.int(limit ?? Int.max), .int(max(0, offset ?? 0))]
            }
            return try Self.attachGroupExtras(try s.query(sql, params), s)
        }
    }

    /// Adds instances to the group (already-members are ignored); returns the group.
    @discardableResult
    public func addInstanceGroupMembers(uuid: String, instanceUUIDs: [String]) async throws -> InstanceGroup {
        try await write { s in
            let id = try Self.groupID(uuid, s)
            try Self.addMembers(id, instanceUUIDs, s)
            return try Self.groupRow("id = ?", .int(id), s, missing: uuid)
        }
    }

    /// Deletes the group (its members are only unlinked).
    public func deleteInstanceGroup(uuid: String) async throws {
        try await write { s in
            guard try s.execute("DELETE FROM instance_groups WHERE uuid = ?", [.text(uuid)]) > 0 else {
                throw InstanceGroupNotFound(groupUUID: uuid)
            }
        }
    }

    /// The hosts of the group's live members (for the (anti-)affinity filters), sorted, distinct.
    public func instanceGroupHosts(uuid: String) async throws -> [String] {
        try await read { s in
            let id = try Self.groupID(uuid, s)
            return try s.query(
                "SELECT DISTINCT i.host FROM instance_group_member m JOIN instances i "
                    + "ON i.uuid = m.instance_uuid WHERE m.group_id = ? AND i.deleted = 0 AND "
                    + "i.host IS NOT NULL ORDER BY i.host", [.int(id)]
            ).compactMap { $0.string("host") }
        }
    }

    static func groupID(_ uuid: String, _ s: DBSession) throws -> Int {
        guard let id = try s.scalarInt("SELECT id FROM instance_groups WHERE uuid = ?", [.text(uuid)]) else {
            throw InstanceGroupNotFound(groupUUID: uuid)
        }
        return id
    }

    static func addMembers(_ id: Int, _ members: [String], _ s: DBSession) throws {
        for m in Set(members).sorted() {
            try s.execute(
                "INSERT INTO instance_group_member (group_id, instance_uuid, created_at) VALUES (?, ?, ?) "
                    + "ON CONFLICT (group_id, instance_uuid) DO NOTHING", [.int(id), .text(m), now()])
        }
    }

    static func groupRow(_ cond: String, _ key: SQLValue, _ s: DBSession, missing: String) throws -> InstanceGroup {
        guard let r = try s.first("SELECT * FROM instance_groups WHERE \(cond)", [key]) else {
            throw InstanceGroupNotFound(groupUUID: missing)
        }
        return try attachGroupExtras([r], s)[0]
    }

    static func attachGroupExtras(_ rows: [SQLRow], _ s: DBSession) throws -> [InstanceGroup] {
        guard !rows.isEmpty else { return [] }
        var members: [Int: [JSONValue]] = [:]
        for r in try inChunks(
            rows.map { String($0.int("id") ?? 0) }, s,
            {
                "SELECT group_id, instance_uuid FROM instance_group_member WHERE group_id IN (\($0)) ORDER BY id"
            })
        {
            members[r.int("group_id") ?? 0, default: []].append(.from(r.string("instance_uuid")))
        }
        return rows.map { r in
            var g = Tables.groups.decode(r)
            g.storage.values["_rules"] = r.json("rules") ?? .object([:])
            g.storage.values["members"] = .array(members[g.id] ?? [])
            g.storage.values["policies"] = .array(g.policy.map { [.string($0)] } ?? [])
            return g
        }
    }
}
