/// The client side of nova-compute's RPC API (nova/compute/rpcapi.py), topic `compute`, 6.x: every
/// message goes to the server queue `compute.<host>` of the compute that owns the instance.
public struct ComputeRPCAPI: Sendable {
    public static let topic = "compute"
    public static let version = "6.0"
    public let client: RPCClient

    public init(client: RPCClient) { self.client = client.prepare(version: Self.version) }

    public init(conf: Config, transport: any Transport) {
        self.init(client: RPCClient(conf: conf, transport: transport, topic: Self.topic, version: Self.version))
    }

    private func at(_ host: String) -> RPCClient { client.prepare(server: host) }

    private func cast(_ ctx: RequestContext, _ host: String, _ method: String,
                      _ args: [String: JSONValue]) async throws {
        try await at(host).cast(ctx, method, args: args)
    }

    public func buildAndRunInstance(_ ctx: RequestContext, host: String, instance: Instance, node: String,
                                    requestSpec: RequestSpec?, hostList: [Selection],
                                    filterProperties: JSONValue = [:], limits: JSONValue = .null) async throws {
        try await cast(ctx, host, "build_and_run_instance", [
            "instance": instance.toPrimitive(), "node": .string(node),
            "request_spec": requestSpec?.toPrimitive() ?? .null, "filter_properties": filterProperties,
            "host_list": .array(hostList.map { $0.toPrimitive() }), "limits": limits,
        ])
    }

    public func terminateInstance(_ ctx: RequestContext, instance: Instance) async throws {
        try await cast(ctx, try owner(instance), "terminate_instance", ["instance": instance.toPrimitive()])
    }

    public func stopInstance(_ ctx: RequestContext, instance: Instance, cleanShutdown: Bool = true) async throws {
        try await cast(ctx, try owner(instance), "stop_instance",
                       ["instance": instance.toPrimitive(), "clean_shutdown": .bool(cleanShutdown)])
    }

    public func startInstance(_ ctx: RequestContext, instance: Instance) async throws {
        try await cast(ctx, try owner(instance), "start_instance", ["instance": instance.toPrimitive()])
    }

    /// `rebootType` is `SOFT` or `HARD`.
    public func rebootInstance(_ ctx: RequestContext, instance: Instance, rebootType: String) async throws {
        try await cast(ctx, try owner(instance), "reboot_instance",
                       ["instance": instance.toPrimitive(), "reboot_type": .string(rebootType)])
    }

    public func pauseInstance(_ ctx: RequestContext, instance: Instance) async throws {
        try await cast(ctx, try owner(instance), "pause_instance", ["instance": instance.toPrimitive()])
    }

    public func unpauseInstance(_ ctx: RequestContext, instance: Instance) async throws {
        try await cast(ctx, try owner(instance), "unpause_instance", ["instance": instance.toPrimitive()])
    }

    public func suspendInstance(_ ctx: RequestContext, instance: Instance) async throws {
        try await cast(ctx, try owner(instance), "suspend_instance", ["instance": instance.toPrimitive()])
    }

    public func resumeInstance(_ ctx: RequestContext, instance: Instance) async throws {
        try await cast(ctx, try owner(instance), "resume_instance", ["instance": instance.toPrimitive()])
    }

    /// To the destination: claim there, then hand over to the source's resize_instance.
    public func prepResize(_ ctx: RequestContext, host: String, instance: Instance, flavor: Flavor,
                           migration: Migration, requestSpec: RequestSpec?, node: String) async throws {
        try await cast(ctx, host, "prep_resize", [
            "instance": instance.toPrimitive(), "flavor": flavor.toPrimitive(), "migration": migration.toPrimitive(),
            "request_spec": requestSpec?.toPrimitive() ?? .null, "node": .string(node),
        ])
    }

    /// To the source: power off and hand the disks over.
    public func resizeInstance(_ ctx: RequestContext, host: String, instance: Instance, migration: Migration,
                               flavor: Flavor) async throws {
        try await cast(ctx, host, "resize_instance", [
            "instance": instance.toPrimitive(), "migration": migration.toPrimitive(), "flavor": flavor.toPrimitive(),
        ])
    }

    /// To the destination: start the guest with its new flavor; the server goes to VERIFY_RESIZE.
    public func finishResize(_ ctx: RequestContext, host: String, instance: Instance,
                             migration: Migration) async throws {
        try await cast(ctx, host, "finish_resize",
                       ["instance": instance.toPrimitive(), "migration": migration.toPrimitive()])
    }

    /// To the source: drop the old guest and free what the migration held there.
    public func confirmResize(_ ctx: RequestContext, host: String, instance: Instance,
                              migration: Migration) async throws {
        try await cast(ctx, host, "confirm_resize",
                       ["instance": instance.toPrimitive(), "migration": migration.toPrimitive()])
    }

    /// To the destination: drop the new guest and free its claim, then hand back to the source.
    public func revertResize(_ ctx: RequestContext, host: String, instance: Instance,
                             migration: Migration) async throws {
        try await cast(ctx, host, "revert_resize",
                       ["instance": instance.toPrimitive(), "migration": migration.toPrimitive()])
    }

    /// To the source: bring the guest back with its old flavor.
    public func finishRevertResize(_ ctx: RequestContext, host: String, instance: Instance,
                                   migration: Migration) async throws {
        try await cast(ctx, host, "finish_revert_resize",
                       ["instance": instance.toPrimitive(), "migration": migration.toPrimitive()])
    }

    /// Rebuild; with `recreate` (evacuate) on `host`, a new host for a server whose host is down.
    public func rebuildInstance(_ ctx: RequestContext, host: String, instance: Instance, recreate: Bool,
                                migration: Migration?, node: String?) async throws {
        try await cast(ctx, host, "rebuild_instance", [
            "instance": instance.toPrimitive(), "recreate": .bool(recreate), "host": .string(host),
            "migration": migration?.toPrimitive() ?? .null, "node": .from(node),
        ])
    }

    /// The guest's console log (a call: waits for the compute's answer).
    public func getConsoleOutput(_ ctx: RequestContext, instance: Instance, tailLength: Int?) async throws -> String {
        let r = try await at(try owner(instance)).call(ctx, "get_console_output", args: [
            "instance": instance.toPrimitive(), "tail_length": .from(tailLength),
        ])
        guard let s = r.stringValue else { throw RPCAPIError(method: "get_console_output", reason: "not a string") }
        return s
    }

    private func owner(_ instance: Instance) throws -> String {
        guard let h = instance.host, !h.isEmpty else {
            throw RPCAPIError(method: "compute", reason: "instance \(instance.uuid) has no host")
        }
        return h
    }
}
