import Common
import Foundation

/// Instances: create, read, compare-and-swap save, list with filters and keyset paging, soft delete.
/// An instance comes back with its metadata, system metadata and flavors; with `withFault`, also its
/// latest fault.
extension NovaStore {
    /// Fields a save never writes: the identity and the soft-delete columns the store manages.
    static let instanceFixedFields: Set<String> = ["id", "uuid", "created_at", "updated_at", "deleted", "deleted_at"]

    /// Stores a new instance (a uuid is made when it has none); metadata and system metadata included.
    public func createInstance(_ instance: Instance) async throws -> Instance {
        var inst = instance
        if inst.uuid.isEmpty { inst.uuid = UUID().uuidString.lowercased() }
        let new = inst
        return try await write { s in
            var pairs = Tables.instances.assignments(new.storage.values, excluding: Self.instanceFixedFields)
            pairs += [("uuid", .text(new.uuid)), ("created_at", Self.now()), ("deleted", .int(0))]
            let stored = try Self.mapDuplicate(ObjectExists(kind: "Instance", key: new.uuid)) {
                try Tables.instances.insert(pairs, s)
            }
            try Self.replaceInstanceMeta("instance_metadata", new.uuid, new.metadata, s)
            try Self.replaceInstanceMeta("instance_system_metadata", new.uuid, new.systemMetadata, s)
            return try Self.attachExtras([stored], s, withFault: false)[0]
        }
    }

    /// The instance `uuid`; `InstanceNotFound` when there is none (or it is deleted, unless asked for).
    public func instance(uuid: String, readDeleted: RequestContext.ReadDeleted = .no, withFault: Bool = false)
        async throws -> Instance
    {
        try await read { s in
            let cond = "uuid = ? AND " + Self.deletedCondition(readDeleted)
            guard let row = try s.first(Tables.instances.select(where: cond), [.text(uuid)]) else {
                throw InstanceNotFound(instanceID: uuid)
            }
            return try Self.attachExtras([Tables.instances.decode(row)], s, withFault: withFault)[0]
        }
    }

    /// Writes `changes` (field → value, as `Instance.changedValues` gives them) to a live instance.
    /// With `expectedTaskState`, the write happens only while the stored task_state is one of them
    /// (nil = idle): one conditional UPDATE, so two racing writers cannot both pass. Throws
    /// `UnexpectedTaskStateError` (with the actual state) or `InstanceNotFound`.
    public func saveInstance(uuid: String, changes: [String: JSONValue], expectedTaskState: [String?]? = nil)
        async throws -> Instance
    {
        try await write { s in
            var pairs = Tables.instances.assignments(changes, excluding: Self.instanceFixedFields)
            pairs.append(("updated_at", Self.now()))
            var cond = "uuid = ? AND deleted = 0"
            var params: [SQLValue] = [.text(uuid)]
            if let expected = expectedTaskState {
                let (c, p) = Self.taskStateCondition(expected)
                cond += " AND " + c
                params += p
            }
            guard let saved = try Tables.instances.update(pairs, where: cond, params, s).first else {
                let actual = try s.first(
                    "SELECT task_state FROM instances WHERE uuid = ? AND deleted = 0", [.text(uuid)])
                guard let actual else { throw InstanceNotFound(instanceID: uuid) }
                throw UnexpectedTaskStateError(
                    instanceUUID: uuid, expected: expectedTaskState ?? [],
                    actual: actual.string("task_state"))
            }
            if let meta = changes["metadata"], !meta.isNull {
                try Self.replaceInstanceMeta("instance_metadata", uuid, Self.stringDict(meta), s)
            }
            if let sys = changes["system_metadata"], !sys.isNull {
                try Self.replaceInstanceMeta("instance_system_metadata", uuid, Self.stringDict(sys), s)
            }
            return try Self.attachExtras([saved], s, withFault: false)[0]
        }
    }

    /// Soft-deletes the instance with its metadata, faults and migrations, frees every allocation it (or
    /// one of its migrations) holds and takes it out of its server group. Returns the deleted instance.
    public func destroyInstance(uuid: String) async throws -> Instance {
        try await write { s in
            let now = Self.now()
            let pairs: [(String, SQLValue)] = [("deleted_at", now), ("updated_at", now)]
            let sql =
                "UPDATE instances SET deleted = id, deleted_at = ?, updated_at = ? WHERE uuid = ? AND deleted = 0 "
                + "RETURNING \(Tables.instances.selectList)"
            guard let row = try s.first(sql, pairs.map(\.1) + [.text(uuid)]) else {
                throw InstanceNotFound(instanceID: uuid)
            }
            try s.execute(
                "DELETE FROM allocations WHERE consumer_id = ? OR consumer_id IN "
                    + "(SELECT uuid FROM migrations WHERE instance_uuid = ?)", [.text(uuid), .text(uuid)])
            for t in ["instance_metadata", "instance_system_metadata", "instance_faults", "migrations"] {
                try s.execute(
                    "UPDATE \(t) SET deleted = id, deleted_at = ? WHERE instance_uuid = ? AND deleted = 0",
                    [now, .text(uuid)])
            }
            try s.execute("DELETE FROM instance_group_member WHERE instance_uuid = ?", [.text(uuid)])
            return try Self.attachExtras([Tables.instances.decode(row)], s, withFault: false)[0]
        }
    }

    /// Instances matching `filter`, in `sort` order (then by id), after the instance `marker` (a uuid,
    /// deleted or not), at most `limit`. Throws `InvalidInput` for an unknown sort key or a bad name
    /// pattern, `MarkerNotFound` for an unknown marker.
    public func instances(
        filter: InstanceFilter = InstanceFilter(), sort: [SortKey] = InstanceFilter.defaultSort,
        limit: Int? = nil, marker: String? = nil, withFault: Bool = false
    ) async throws -> [Instance] {
        try Self.checkLimit(limit)
        for k in sort where !InstanceFilter.sortColumns.contains(k.column) {
            throw InvalidInput(reason: "sort key \(k.column) is not supported")
        }
        if let name = filter.name, (try? NSRegularExpression(pattern: name)) == nil {
            throw InvalidInput(reason: "name filter \(name) is not a valid regular expression")
        }
        let keys = KeysetPaging.total(sort.isEmpty ? InstanceFilter.defaultSort : sort)
        let dialect = database.dialect
        return try await read { s in
            var (cond, params) = filter.conditions(dialect)
            if let marker {
                guard let m = try s.first("SELECT * FROM instances WHERE uuid = ?", [.text(marker)]) else {
                    throw MarkerNotFound(marker: marker)
                }
                let (after, ap) = KeysetPaging.after(keys, marker: m)
                cond += " AND " + after
                params += ap
            }
            var sql = Tables.instances.select(where: cond) + " ORDER BY " + KeysetPaging.orderBy(keys)
            if let limit {
                sql += " LIMIT ?"
                params.append(.int(limit))
            }
            let rows: [SQLRow]
            do {
                rows = try s.query(sql, params)
            } catch DatabaseError.query(_, let message) where message.contains("regular expression") {
                throw InvalidInput(reason: "name filter: \(message)")
            }
            return try Self.attachExtras(rows.map(Tables.instances.decode), s, withFault: withFault)
        }
    }

    /// Live instances on a compute host (what nova-compute reconciles at start).
    public func instances(host: String) async throws -> [Instance] {
        try await instances(filter: InstanceFilter(host: host), sort: [.asc("id")])
    }

    // MARK: pieces

    static func taskStateCondition(_ expected: [String?]) -> (String, [SQLValue]) {
        let named = expected.compactMap { $0 }
        var alts: [String] = []
        if !named.isEmpty { alts.append("task_state IN (\(marks(named.count)))") }
        if expected.contains(where: { $0 == nil }) { alts.append("task_state IS NULL") }
        return (alts.isEmpty ? "1 = 0" : "(" + alts.joined(separator: " OR ") + ")", named.map { .text($0) })
    }

    static func stringDict(_ v: JSONValue) -> [String: String] {
        var out: [String: String] = [:]
        for (k, x) in v.objectValue ?? [:] { out[k] = x.stringValue ?? x.serialized() }
        return out
    }

    /// Replaces the live key/value rows of an instance's (system) metadata with `items`.
    static func replaceInstanceMeta(_ table: String, _ uuid: String, _ items: [String: String], _ s: DBSession) throws {
        try s.execute("DELETE FROM \(table) WHERE instance_uuid = ? AND deleted = 0", [.text(uuid)])
        let now = now()
        for (k, v) in items.sorted(by: { $0.key < $1.key }) {
            try s.execute(
                "INSERT INTO \(table) (instance_uuid, \"key\", \"value\", created_at, deleted) "
                    + "VALUES (?, ?, ?, ?, 0)", [.text(uuid), .text(k), .text(v), now])
        }
    }

    /// Fills metadata, system metadata (and the latest fault) of `instances` with one query per table.
    /// A deleted instance shows the rows deleted with it.
    static func attachExtras(_ instances: [Instance], _ s: DBSession, withFault: Bool) throws -> [Instance] {
        guard !instances.isEmpty else { return [] }
        let uuids = instances.map(\.uuid)
        func items(_ table: String) throws -> [String: [Bool: [String: JSONValue]]] {
            var out: [String: [Bool: [String: JSONValue]]] = [:]
            let rows = try inChunks(uuids, s) {
                "SELECT instance_uuid, \"key\", \"value\", deleted FROM \(table) WHERE instance_uuid IN (\($0))"
            }
            for r in rows {
                guard let u = r.string("instance_uuid"), let k = r.string("key") else { continue }
                out[u, default: [:]][(r.int("deleted") ?? 0) != 0, default: [:]][k] = .from(r.string("value"))
            }
            return out
        }
        let meta = try items("instance_metadata")
        let sys = try items("instance_system_metadata")
        let faults = withFault ? try latestFaults(uuids, s) : [:]
        return instances.map { i in
            var i = i
            i.storage.values["metadata"] = .object(meta[i.uuid]?[i.deleted] ?? [:])
            i.storage.values["system_metadata"] = .object(sys[i.uuid]?[i.deleted] ?? [:])
            if withFault { i.storage.values["fault"] = faults[i.uuid]?.toPrimitive() ?? .null }
            return i
        }
    }
}
