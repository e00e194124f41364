import Common

/// The conductor's DB proxy endpoint (topic `conductor`, default namespace, 1.x).
public struct ConductorEndpoint: RPCEndpoint {
    public let proxy: DBProxyOperations
    public let version = RPCVersion(1, 0)

    public init(store: ConductorStore) { proxy = DBProxyOperations(store: store) }

    public var methods: [String: RPCMethod] {
        let p = proxy
        return [
            "object_class_action_versions": { _, args in
                try await p.classAction(args["objname"]?.stringValue ?? "", args["objmethod"]?.stringValue ?? "",
                                        args["kwargs"]?.objectValue ?? [:])
            },
            "object_action": { _, args in
                try await p.objectAction(args["objinst"] ?? .null, args["objmethod"]?.stringValue ?? "",
                                         args["kwargs"]?.objectValue ?? [:])
            },
            "service_report": { _, args in
                let svc = try Service.fromPrimitive(args["service"] ?? .null)
                return try await p.store.reportService(svc).toPrimitive()
            },
            "compute_node_update": { _, args in
                let node = try ComputeNode.fromPrimitive(args["node"] ?? .null)
                return try await p.store.updateComputeNode(node, inventory: args["inventory"] ?? [:]).toPrimitive()
            },
        ]
    }
}

/// The conductor's orchestration endpoint (topic `conductor`, namespace `compute_task`, 1.x). Every method
/// is a cast: the work runs while the message is already acknowledged.
public struct ComputeTaskEndpoint: RPCEndpoint {
    public let manager: ComputeTaskManager
    public let version = RPCVersion(1, 0)
    public var namespace: String? { ComputeTaskAPI.namespace }

    public init(manager: ComputeTaskManager) { self.manager = manager }

    public var methods: [String: RPCMethod] {
        let m = manager
        return [
            "schedule_and_build_instances": { ctx, args in
                let specs = (args["request_specs"]?.arrayValue ?? []).compactMap { try? RequestSpec.fromPrimitive($0) }
                let uuids = (args["instance_uuids"]?.arrayValue ?? []).compactMap { $0.stringValue }
                await m.scheduleAndBuildInstances(ctx, requestSpecs: specs, instanceUUIDs: uuids)
                return .null
            },
            "build_instances": { ctx, args in
                let spec = try? RequestSpec.fromPrimitive(args["request_spec"] ?? .null)
                let lists = args["host_lists"]?.arrayValue ?? []
                for (i, p) in (args["instances"]?.arrayValue ?? []).enumerated() {
                    let inst = try Instance.fromPrimitive(p)
                    let hosts = (i < lists.count ? lists[i].arrayValue ?? [] : [])
                        .compactMap { try? Selection.fromPrimitive($0) }
                    await m.buildInstances(ctx, instance: inst, requestSpec: spec, hostList: hosts,
                                           failedHost: args["failed_host"]?.stringValue,
                                           lastError: args["last_error"]?.stringValue ?? "unknown error")
                }
                return .null
            },
            "migrate_server": { ctx, args in
                let inst = try Instance.fromPrimitive(args["instance"] ?? .null)
                let flavor = try? Flavor.fromPrimitive(args["flavor"] ?? .null)
                let spec = try? RequestSpec.fromPrimitive(args["request_spec"] ?? .null)
                await m.migrateServer(ctx, instance: inst, flavor: flavor, requestSpec: spec)
                return .null
            },
            "rebuild_instance": { ctx, args in
                let inst = try Instance.fromPrimitive(args["instance"] ?? .null)
                let spec = try? RequestSpec.fromPrimitive(args["request_spec"] ?? .null)
                await m.evacuate(ctx, instance: inst, host: args["host"]?.stringValue, requestSpec: spec)
                return .null
            },
        ]
    }
}
