/// The client side of nova-conductor's orchestration API (nova/conductor/rpcapi.py ComputeTaskAPI), topic
/// `conductor`, namespace `compute_task`: builds, reschedules, resize/migrate, evacuate.
public struct ComputeTaskAPI: Sendable {
    public static let topic = "conductor"
    public static let namespace = "compute_task"
    public static let version = "1.0"
    public let client: RPCClient

    public init(client: RPCClient) {
        self.client = client.prepare(version: Self.version, namespace: Self.namespace)
    }

    public init(conf: Config, transport: any Transport) {
        self.init(client: RPCClient(conf: conf, transport: transport, topic: Self.topic, version: Self.version))
    }

    /// From nova-api once the instances (vm_state building, task_state scheduling) and their request
    /// specs are stored: schedule, claim, and hand each to its compute.
    public func scheduleAndBuildInstances(_ ctx: RequestContext, requestSpecs: [RequestSpec], instanceUUIDs: [String],
                                          image: JSONValue = .null, adminPassword: String? = nil,
                                          requestedNetworks: JSONValue = .null, tags: [String] = []) async throws {
        try await client.cast(ctx, "schedule_and_build_instances", args: [
            "build_requests": .array(requestSpecs.map { $0.toPrimitive() }),
            "request_specs": .array(requestSpecs.map { $0.toPrimitive() }),
            "instance_uuids": .array(instanceUUIDs.map { .string($0) }), "image": image,
            "admin_password": .from(adminPassword), "injected_files": [], "requested_networks": requestedNetworks,
            "block_device_mapping": [], "tags": .array(tags.map { .string($0) }),
        ])
    }

    /// From a compute whose build failed: try the next of `hostList` (the alternates), or give up.
    public func buildInstances(_ ctx: RequestContext, instance: Instance, requestSpec: RequestSpec?,
                               hostList: [Selection], failedHost: String, error: String) async throws {
        try await client.cast(ctx, "build_instances", args: [
            "instances": [instance.toPrimitive()], "request_spec": requestSpec?.toPrimitive() ?? .null,
            "host_lists": [.array(hostList.map { $0.toPrimitive() })], "failed_host": .string(failedHost),
            "last_error": .string(error),
        ])
    }

    /// Resize (with `flavor`) or cold migrate (flavor nil): select a destination, claim there, start the move.
    public func migrateServer(_ ctx: RequestContext, instance: Instance, flavor: Flavor?,
                              requestSpec: RequestSpec?, hostName: String? = nil) async throws {
        try await client.cast(ctx, "migrate_server", args: [
            "instance": instance.toPrimitive(), "scheduler_hint": [:], "live": false, "rebuild": false,
            "flavor": flavor?.toPrimitive() ?? .null, "request_spec": requestSpec?.toPrimitive() ?? .null,
            "host_name": .from(hostName),
        ])
    }

    /// Evacuate (recreate on another host) a server whose host is down; `host` nil lets the scheduler choose.
    public func rebuildInstance(_ ctx: RequestContext, instance: Instance, host: String?,
                                requestSpec: RequestSpec?, evacuate: Bool = true) async throws {
        try await client.cast(ctx, "rebuild_instance", args: [
            "instance": instance.toPrimitive(), "host": .from(host), "recreate": .bool(evacuate),
            "request_spec": requestSpec?.toPrimitive() ?? .null,
        ])
    }
}
