import Common

/// nova-compute's RPC endpoint (topic `compute`, server `compute.<host>`, 6.x): the method table.
public struct ComputeEndpoint: RPCEndpoint {
    public let manager: ComputeManager
    public let version = RPCVersion(6, 0)

    public init(manager: ComputeManager) { self.manager = manager }

    static func obj<T: NovaObject>(_ args: [String: JSONValue], _ key: String, _: T.Type = T.self) throws -> T {
        guard let p = args[key], !p.isNull else {
            throw RPCAPIError(method: "compute", reason: "missing argument \(key)")
        }
        return try T.fromPrimitive(p)
    }

    /// A method taking only the instance, running in the background so the message is released at once.
    private func instanceCast(_ op: @escaping @Sendable (ComputeManager, RequestContext, Instance) async throws -> Void)
        -> RPCMethod
    {
        let m = manager
        return { ctx, args in
            let inst: Instance = try Self.obj(args, "instance")
            try? await op(m, ctx, inst)
            return .null
        }
    }

    public var methods: [String: RPCMethod] {
        let m = manager
        return [
            "build_and_run_instance": { ctx, args in
                let inst: Instance = try Self.obj(args, "instance")
                let spec: RequestSpec? = try? Self.obj(args, "request_spec")
                let hosts = (args["host_list"]?.arrayValue ?? []).compactMap { try? Selection.fromPrimitive($0) }
                await m.buildAndRunInstance(ctx, instance: inst, node: args["node"]?.stringValue ?? m.host,
                                            requestSpec: spec, hostList: hosts)
                return .null
            },
            "terminate_instance": instanceCast { try await $0.terminateInstance($1, instance: $2) },
            "stop_instance": instanceCast { try await $0.stopInstance($1, instance: $2) },
            "start_instance": instanceCast { try await $0.startInstance($1, instance: $2) },
            "pause_instance": instanceCast { try await $0.pauseInstance($1, instance: $2) },
            "unpause_instance": instanceCast { try await $0.unpauseInstance($1, instance: $2) },
            "suspend_instance": instanceCast { try await $0.suspendInstance($1, instance: $2) },
            "resume_instance": instanceCast { try await $0.resumeInstance($1, instance: $2) },
            "reboot_instance": { ctx, args in
                let inst: Instance = try Self.obj(args, "instance")
                let type = RebootType(rawValue: args["reboot_type"]?.stringValue?.uppercased() ?? "SOFT") ?? .soft
                try? await m.rebootInstance(ctx, instance: inst, type: type)
                return .null
            },
            "prep_resize": { ctx, args in
                try? await m.prepResize(ctx, instance: try Self.obj(args, "instance"), flavor: try Self.obj(args, "flavor"),
                                        migration: try Self.obj(args, "migration"),
                                        node: args["node"]?.stringValue ?? m.host)
                return .null
            },
            "resize_instance": { ctx, args in
                try? await m.resizeInstance(ctx, instance: try Self.obj(args, "instance"),
                                            migration: try Self.obj(args, "migration"), flavor: try Self.obj(args, "flavor"))
                return .null
            },
            "finish_resize": migrationStep { try await $0.finishResize($1, instance: $2, migration: $3) },
            "confirm_resize": migrationStep { try await $0.confirmResize($1, instance: $2, migration: $3) },
            "revert_resize": migrationStep { try await $0.revertResize($1, instance: $2, migration: $3) },
            "finish_revert_resize": migrationStep { try await $0.finishRevertResize($1, instance: $2, migration: $3) },
            "rebuild_instance": { ctx, args in
                let mig: Migration? = try? Self.obj(args, "migration")
                try? await m.rebuildInstance(ctx, instance: try Self.obj(args, "instance"),
                                             recreate: args["recreate"]?.boolValue ?? false,
                                             node: args["node"]?.stringValue, migration: mig)
                return .null
            },
            "get_console_output": { ctx, args in
                .string(try await m.consoleOutput(ctx, instance: try Self.obj(args, "instance"),
                                                  tailLength: args["tail_length"]?.intValue))
            },
        ]
    }

    private func migrationStep(
        _ op: @escaping @Sendable (ComputeManager, RequestContext, Instance, Migration) async throws -> Void
    ) -> RPCMethod {
        let m = manager
        return { ctx, args in
            try? await op(m, ctx, try Self.obj(args, "instance"), try Self.obj(args, "migration"))
            return .null
        }
    }
}
