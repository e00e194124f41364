import Common

/// The conductor's DB proxy: the explicit table of object operations nova-compute may ask for. Anything
/// else is refused with `ObjectActionNotAllowed`.
public struct DBProxyOperations: Sendable {
    public typealias ClassAction = @Sendable (ConductorStore, [String: JSONValue]) async throws -> JSONValue
    public typealias ObjectAction = @Sendable (ConductorStore, JSONValue, [String: JSONValue]) async throws
        -> (updates: JSONValue, result: JSONValue)

    public let store: ConductorStore
    public init(store: ConductorStore) { self.store = store }

    static func str(_ kw: [String: JSONValue], _ k: String) throws -> String {
        guard let s = kw[k]?.stringValue else { throw RPCAPIError(method: "object action", reason: "missing \(k)") }
        return s
    }

    /// `Class.method` → handler (object_class_action_versions).
    public static let classActions: [String: ClassAction] = [
        "Instance.get_by_uuid": { s, kw in try await s.instance(uuid: try str(kw, "instance_uuid")).toPrimitive() },
        "InstanceList.get_by_host": { s, kw in
            InstanceList(objects: try await s.instances(host: try str(kw, "host"))).toPrimitive()
        },
        "MigrationList.get_in_progress_by_host": { s, kw in
            MigrationList(objects: try await s.migrationsInProgress(host: try str(kw, "host"))).toPrimitive()
        },
        // Only a host's own moves: the filters must name the source compute.
        "MigrationList.get_by_filters": { s, kw in
            let f = kw["filters"]?.objectValue ?? [:]
            guard let source = f["source_compute"]?.stringValue else {
                throw RPCAPIError(method: "MigrationList.get_by_filters", reason: "filters need source_compute")
            }
            let statuses = f["status"].map { v in
                v.arrayValue?.compactMap(\.stringValue) ?? v.stringValue.map { [$0] } ?? []
            }
            let found = try await s.migrations(sourceCompute: source, statuses: statuses,
                                               migrationType: f["migration_type"]?.stringValue)
            return MigrationList(objects: found).toPrimitive()
        },
        "InstanceActionEvent.event_start": { s, kw in
            try await s.eventStart(instanceUUID: try str(kw, "instance_uuid"), event: try str(kw, "event_name"),
                                   host: kw["host"]?.stringValue)
            return .null
        },
        "InstanceActionEvent.event_finish": { s, kw in
            try await s.eventFinish(instanceUUID: try str(kw, "instance_uuid"), event: try str(kw, "event_name"),
                                    host: kw["host"]?.stringValue, result: kw["result"]?.stringValue ?? "Success",
                                    details: kw["details"]?.stringValue)
            return .null
        },
        "InstanceFault.create": { s, kw in
            try await s.createFault(instanceUUID: try str(kw, "instance_uuid"), code: kw["code"]?.intValue ?? 500,
                                    message: try str(kw, "message"), details: kw["details"]?.stringValue,
                                    host: kw["host"]?.stringValue)
            return .null
        },
        "Allocation.free": { s, kw in
            try await s.freeAllocations(consumer: try str(kw, "consumer"))
            return .null
        },
        "Allocation.revert_move": { s, kw in
            try await s.revertMoveClaim(instance: try str(kw, "instance_uuid"), migration: try str(kw, "migration_uuid"))
            return .null
        },
    ]

    /// `Class.method` → handler (object_action): returns the fields that changed and the result.
    public static let objectActions: [String: ObjectAction] = [
        "Instance.save": { s, p, kw in
            let inst = try Instance.fromPrimitive(p)
            let expected = kw["expected_task_state"]?.arrayValue?.map { $0.stringValue }
            let saved = try await s.saveInstance(uuid: inst.uuid, changes: inst.changedValues,
                                                 expectedTaskState: expected)
            return (.object(saved.storage.values), .null)
        },
        "Instance.destroy": { s, p, _ in
            let inst = try Instance.fromPrimitive(p)
            let gone = try await s.destroyInstance(uuid: inst.uuid)
            return (.object(gone.storage.values), .null)
        },
        "Migration.save": { s, p, _ in
            let m = try Migration.fromPrimitive(p)
            let saved = try await s.saveMigration(uuid: m.uuid, changes: m.changedValues)
            return (.object(saved.storage.values), .null)
        },
    ]

    public func classAction(_ objName: String, _ method: String, _ kwargs: [String: JSONValue]) async throws
        -> JSONValue
    {
        guard let op = Self.classActions["\(objName).\(method)"] else {
            throw ObjectActionNotAllowed(objName: objName, method: method)
        }
        return try await op(store, kwargs)
    }

    public func objectAction(_ primitive: JSONValue, _ method: String, _ kwargs: [String: JSONValue]) async throws
        -> JSONValue
    {
        let name = primitive["nova_object.name"]?.stringValue ?? "?"
        guard let op = Self.objectActions["\(name).\(method)"] else {
            throw ObjectActionNotAllowed(objName: name, method: method)
        }
        let (updates, result) = try await op(store, primitive, kwargs)
        return [updates, result]
    }
}
