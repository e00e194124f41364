import Common
import Foundation

/// The servers of one create request, as nova-api writes them: each with its request spec, its `create`
/// action, its tags and its server-group membership, all in one transaction with the quota check.
public struct InstanceBatch: Sendable {
    /// At most this many are written (fewer when quota allows fewer).
    public var instances: [Instance]
    /// One per instance, same order (may be shorter: instances past its end get none).
    public var requestSpecs: [RequestSpec]
    /// The `create` action recorded for each instance (its instance_uuid is filled in).
    public var action: InstanceAction
    /// The server group the instances join.
    public var groupUUID: String?
    public var tags: [String]

    public init(instances: [Instance], requestSpecs: [RequestSpec], action: InstanceAction, groupUUID: String? = nil,
                tags: [String] = []) {
        self.instances = instances
        self.requestSpecs = requestSpecs
        self.action = action
        self.groupUUID = groupUUID
        self.tags = tags
    }
}

extension NovaStore {
    /// Writes the first `allowed(usage, groupMembers)` servers of `batch`, where `usage` is what the
    /// project uses now (instances, cores, RAM of its live servers) and `groupMembers` how many members the
    /// batch's group has (nil without a group). `allowed` runs inside the transaction, so it sees what
    /// concurrent creates wrote before it and none can slip in between the check and the write (on
    /// PostgreSQL, creates of one project and of one group are serialized by advisory locks); whatever it
    /// throws aborts the batch. Throws `InstanceGroupNotFound` for an unknown group.
    public func createInstances(_ batch: InstanceBatch,
                                allowed: @escaping @Sendable (QuotaUsage, _ groupMembers: Int?) throws -> Int)
        async throws -> [Instance]
    {
        guard let project = batch.instances.first?.projectID else { return [] }
        var instances = batch.instances
        for i in instances.indices where instances[i].uuid.isEmpty { instances[i].uuid = UUID().uuidString.lowercased() }
        let prepared = instances
        return try await write { s in
            try Self.serialize("quota:\(project)", s)
            var groupID: Int?
            var members: Int?
            if let group = batch.groupUUID {
                try Self.serialize("group:\(group)", s)
                let id = try Self.groupID(group, s)
                groupID = id
                members = try s.scalarInt("SELECT COUNT(*) FROM instance_group_member WHERE group_id = ?", [.int(id)]) ?? 0
            }
            let count = min(max(0, try allowed(try Self.instanceUsage(project, s), members)), prepared.count)
            var stored: [Instance] = []
            for (n, instance) in prepared.prefix(count).enumerated() {
                stored.append(try Self.insertInstance(instance, s))
                if n < batch.requestSpecs.count { try Self.upsertRequestSpec(batch.requestSpecs[n], instance.uuid, s) }
                try Self.insertAction(batch.action, instance.uuid, s)
                if let groupID { try Self.addMembers(groupID, [instance.uuid], s) }
                if !batch.tags.isEmpty { _ = try Self.replaceTags(instance.uuid, batch.tags, s) }
            }
            return try Self.attachExtras(stored, s, withFault: false)
        }
    }

    /// On PostgreSQL, holds a transaction-scoped lock named `key` (READ COMMITTED would otherwise let two
    /// count-then-insert transactions both pass). SQLite's write transaction already excludes every
    /// other writer.
    static func serialize(_ key: String, _ s: DBSession) throws {
        guard s.dialect == .postgresql else { return }
        try s.query("SELECT pg_advisory_xact_lock(hashtext(CAST(? AS TEXT)))", [.text(key)])
    }

    /// Live, visible instances, cores and RAM of a project.
    static func instanceUsage(_ projectID: String, _ s: DBSession) throws -> QuotaUsage {
        let r = try s.first("SELECT COUNT(*) AS n, COALESCE(SUM(vcpus), 0) AS cores, COALESCE(SUM(memory_mb), 0) AS ram "
                                + "FROM instances WHERE project_id = ? AND deleted = 0 AND hidden = 0", [.text(projectID)])
        return QuotaUsage(instances: r?.int("n") ?? 0, cores: r?.int("cores") ?? 0, ramMB: r?.int("ram") ?? 0)
    }

    static func insertInstance(_ instance: Instance, _ s: DBSession) throws -> Instance {
        let now = now()
        var pairs = Tables.instances.assignments(instance.storage.values, excluding: instanceFixedFields)
        pairs += [("uuid", .text(instance.uuid)), ("created_at", now), ("updated_at", now), ("deleted", .int(0))]
        let stored = try mapDuplicate(ObjectExists(kind: "Instance", key: instance.uuid)) {
            try Tables.instances.insert(pairs, s)
        }
        try replaceInstanceMeta("instance_metadata", instance.uuid, instance.metadata, s)
        try replaceInstanceMeta("instance_system_metadata", instance.uuid, instance.systemMetadata, s)
        return stored
    }

    /// Stores the spec as `saveRequestSpec` does (without the per-request retry and destination).
    static func upsertRequestSpec(_ spec: RequestSpec, _ instanceUUID: String, _ s: DBSession) throws {
        var clean = spec
        clean.storage.values["retry"] = nil
        clean.storage.values["requested_destination"] = nil
        clean.resetChanges()
        try s.execute("""
            INSERT INTO request_specs (instance_uuid, spec, created_at) VALUES (?, ?, ?)
            ON CONFLICT (instance_uuid) DO UPDATE SET spec = excluded.spec, updated_at = excluded.created_at
            """, [.text(instanceUUID), .json(clean.toPrimitive()), now()])
    }

    static func insertAction(_ template: InstanceAction, _ instanceUUID: String, _ s: DBSession) throws {
        var pairs = Tables.actions.assignments(
            template.storage.values, excluding: ["id", "instance_uuid", "created_at", "updated_at", "deleted", "deleted_at"])
        pairs += [("instance_uuid", .text(instanceUUID)), ("created_at", now()), ("deleted", .int(0))]
        _ = try Tables.actions.insert(pairs, s)
    }
}
