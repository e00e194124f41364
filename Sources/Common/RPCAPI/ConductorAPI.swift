/// The client side of nova-conductor's DB proxy (nova/conductor/rpcapi.py ConductorAPI), topic `conductor`:
/// how nova-compute reads and writes stored objects without a database. The conductor serves only the
/// operations in its allowed-operations table (see NovaConductor's `DBProxyOperations`).
public struct ConductorAPI: Sendable {
    public static let topic = "conductor"
    public static let version = "1.0"
    public let client: RPCClient

    public init(client: RPCClient) { self.client = client.prepare(version: Self.version) }

    public init(conf: Config, transport: any Transport) {
        self.init(client: RPCClient(conf: conf, transport: transport, topic: Self.topic, version: Self.version))
    }

    /// A class method (`Instance.get_by_uuid`, `InstanceList.get_by_host`...): returns the raw result.
    public func objectClassAction(_ ctx: RequestContext, _ objName: String, _ method: String,
                                  _ kwargs: [String: JSONValue]) async throws -> JSONValue {
        try await client.call(ctx, "object_class_action_versions", args: [
            "objname": .string(objName), "objmethod": .string(method), "object_versions": [:],
            "args": [], "kwargs": .object(kwargs),
        ])
    }

    /// A method on an object (`Instance.save`...): returns the object with the conductor's updates applied,
    /// and the method's result.
    public func objectAction<T: NovaObject>(_ ctx: RequestContext, _ obj: T, _ method: String,
                                            _ kwargs: [String: JSONValue] = [:]) async throws -> (T, JSONValue) {
        let r = try await client.call(ctx, "object_action", args: [
            "objinst": obj.toPrimitive(), "objmethod": .string(method), "args": [], "kwargs": .object(kwargs),
        ])
        guard let pair = r.arrayValue, pair.count == 2 else {
            throw RPCAPIError(method: "object_action", reason: "not [updates, result]")
        }
        var out = obj
        for (k, v) in pair[0].objectValue ?? [:] where T.fieldMap[k] != nil { out.storage.values[k] = v }
        out.resetChanges()
        return (out, pair[1])
    }

    // MARK: typed helpers for what nova-compute needs

    public func instanceGetByUUID(_ ctx: RequestContext, _ uuid: String) async throws -> Instance {
        let r = try await objectClassAction(ctx, "Instance", "get_by_uuid", ["instance_uuid": .string(uuid)])
        return try [r].decodeObjects(Instance.self, method: "Instance.get_by_uuid")[0]
    }

    public func instancesOnHost(_ ctx: RequestContext, host: String) async throws -> [Instance] {
        let r = try await objectClassAction(ctx, "InstanceList", "get_by_host", ["host": .string(host)])
        return try [r].decodeObjects(InstanceList.self, method: "InstanceList.get_by_host")[0].objects
    }

    /// Migrations not yet confirmed, reverted or failed whose source or destination is `host`.
    public func migrationsInProgress(_ ctx: RequestContext, host: String) async throws -> [Migration] {
        let r = try await objectClassAction(ctx, "MigrationList", "get_in_progress_by_host", ["host": .string(host)])
        return try [r].decodeObjects(MigrationList.self, method: "MigrationList.get_in_progress_by_host")[0].objects
    }

    /// Migrations away from `sourceCompute` of one type in the given statuses (Nova's
    /// MigrationList.get_by_filters, as _destroy_evacuated_instances asks it).
    public func migrations(_ ctx: RequestContext, sourceCompute: String, statuses: [String],
                           type: Migration.MigrationType) async throws -> [Migration] {
        let r = try await objectClassAction(ctx, "MigrationList", "get_by_filters", [
            "filters": [
                "source_compute": .string(sourceCompute), "status": .array(statuses.map { .string($0) }),
                "migration_type": .string(type.rawValue),
            ],
        ])
        return try [r].decodeObjects(MigrationList.self, method: "MigrationList.get_by_filters")[0].objects
    }

    /// Saves the instance's changes; with `expectedTaskState`, only if the stored task_state is one of
    /// them (`UnexpectedTaskStateError` otherwise; a nil entry stands for "no task").
    public func instanceSave(_ ctx: RequestContext, _ instance: Instance,
                             expectedTaskState: [TaskState?]? = nil) async throws -> Instance {
        var kw: [String: JSONValue] = [:]
        if let e = expectedTaskState { kw["expected_task_state"] = .array(e.map { .from($0?.rawValue) }) }
        return try await objectAction(ctx, instance, "save", kw).0
    }

    /// Marks the instance deleted and frees every allocation it holds.
    public func instanceDestroy(_ ctx: RequestContext, _ instance: Instance) async throws -> Instance {
        try await objectAction(ctx, instance, "destroy").0
    }

    public func migrationSave(_ ctx: RequestContext, _ migration: Migration) async throws -> Migration {
        try await objectAction(ctx, migration, "save").0
    }

    public func eventStart(_ ctx: RequestContext, instanceUUID: String, event: String, host: String) async throws {
        _ = try await objectClassAction(ctx, "InstanceActionEvent", "event_start", [
            "instance_uuid": .string(instanceUUID), "event_name": .string(event), "host": .string(host),
        ])
    }

    /// Finishes an event: `Success`, or `Error` with the error's text as details.
    public func eventFinish(_ ctx: RequestContext, instanceUUID: String, event: String, host: String,
                            error: String? = nil) async throws {
        _ = try await objectClassAction(ctx, "InstanceActionEvent", "event_finish", [
            "instance_uuid": .string(instanceUUID), "event_name": .string(event), "host": .string(host),
            "result": .string(error == nil ? "Success" : "Error"), "details": .from(error),
        ])
    }

    public func faultCreate(_ ctx: RequestContext, instanceUUID: String, code: Int = 500, message: String,
                            details: String?, host: String?) async throws {
        _ = try await objectClassAction(ctx, "InstanceFault", "create", [
            "instance_uuid": .string(instanceUUID), "code": .int(code), "message": .string(message),
            "details": .from(details), "host": .from(host),
        ])
    }

    /// Frees every allocation `consumer` (an instance or a migration uuid) holds.
    public func allocationsFree(_ ctx: RequestContext, consumer: String) async throws {
        _ = try await objectClassAction(ctx, "Allocation", "free", ["consumer": .string(consumer)])
    }

    /// Revert of a resize: the instance gives up the destination and takes back what the migration held.
    public func allocationsRevertMove(_ ctx: RequestContext, instanceUUID: String, migrationUUID: String) async throws {
        _ = try await objectClassAction(ctx, "Allocation", "revert_move", [
            "instance_uuid": .string(instanceUUID), "migration_uuid": .string(migrationUUID),
        ])
    }

    /// Heartbeat: creates the services row on first report, bumps report_count/updated_at after.
    public func serviceReport(_ ctx: RequestContext, _ service: Service) async throws -> Service {
        let r = try await client.call(ctx, "service_report", args: ["service": service.toPrimitive()])
        return try [r].decodeObjects(Service.self, method: "service_report")[0]
    }

    /// A node's totals and usage, plus its inventory (class → total, reserved, allocation_ratio) for claims.
    /// Returns the stored node (with its id and uuid).
    public func computeNodeUpdate(_ ctx: RequestContext, _ node: ComputeNode,
                                  inventory: JSONValue) async throws -> ComputeNode {
        let r = try await client.call(ctx, "compute_node_update",
                                      args: ["node": node.toPrimitive(), "inventory": inventory])
        return try [r].decodeObjects(ComputeNode.self, method: "compute_node_update")[0]
    }
}
