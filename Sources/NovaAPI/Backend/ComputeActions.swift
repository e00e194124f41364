import Common

/// What nova-api asks other services to do once it has written its part: the conductor builds, moves and
/// evacuates; a server's compute stops, starts, reboots, deletes, confirms or reverts. All are casts
/// (nova-api answers 202 without waiting) except `consoleOutput`. `RPCComputeActions` sends them over
/// the bus; tests record them.
public protocol ComputeActions: Sendable {
    /// Conductor: schedule the new servers and hand each to its compute.
    func scheduleAndBuild(
        _ ctx: RequestContext, requestSpecs: [RequestSpec], instances: [Instance], image: Image?,
        adminPassword: String?, requestedNetworks: JSONValue, tags: [String]
    ) async throws
    /// The server's compute: delete it.
    func terminate(_ ctx: RequestContext, instance: Instance) async throws
    func stop(_ ctx: RequestContext, instance: Instance) async throws
    func start(_ ctx: RequestContext, instance: Instance) async throws
    /// `type` is `SOFT` or `HARD`.
    func reboot(_ ctx: RequestContext, instance: Instance, type: String) async throws
    func pause(_ ctx: RequestContext, instance: Instance) async throws
    func unpause(_ ctx: RequestContext, instance: Instance) async throws
    func suspend(_ ctx: RequestContext, instance: Instance) async throws
    func resume(_ ctx: RequestContext, instance: Instance) async throws
    /// Conductor: resize to `flavor`, or cold migrate when `flavor` is nil (optionally to `host`).
    func migrate(
        _ ctx: RequestContext, instance: Instance, flavor: Flavor?, host: String?, requestSpec: RequestSpec?
    ) async throws
    /// The source compute of `migration`: drop the old guest.
    func confirmResize(_ ctx: RequestContext, instance: Instance, migration: Migration) async throws
    /// The destination compute of `migration`: drop the new guest and go back.
    func revertResize(_ ctx: RequestContext, instance: Instance, migration: Migration) async throws
    /// Conductor: rebuild on another host (the server's host is down); `host` nil lets the scheduler pick.
    func evacuate(_ ctx: RequestContext, instance: Instance, host: String?, requestSpec: RequestSpec?) async throws
    /// The server's compute: its console log, the last `tailLength` lines when given.
    func consoleOutput(_ ctx: RequestContext, instance: Instance, tailLength: Int?) async throws -> String
}

/// `ComputeActions` over the message bus: the conductor's `compute_task` API and nova-compute's API.
public struct RPCComputeActions: ComputeActions {
    public let conductor: ComputeTaskAPI
    public let compute: ComputeRPCAPI

    public init(conductor: ComputeTaskAPI, compute: ComputeRPCAPI) {
        self.conductor = conductor
        self.compute = compute
    }

    public init(conf: Config, transport: any Transport) {
        self.init(
            conductor: ComputeTaskAPI(conf: conf, transport: transport),
            compute: ComputeRPCAPI(conf: conf, transport: transport))
    }

    public func scheduleAndBuild(
        _ ctx: RequestContext, requestSpecs: [RequestSpec], instances: [Instance], image: Image?,
        adminPassword: String?, requestedNetworks: JSONValue, tags: [String]
    ) async throws {
        try await conductor.scheduleAndBuildInstances(
            ctx, requestSpecs: requestSpecs, instanceUUIDs: instances.map(\.uuid),
            image: image?.imageMeta().toPrimitive() ?? .null, adminPassword: adminPassword,
            requestedNetworks: requestedNetworks, tags: tags)
    }

    public func terminate(_ ctx: RequestContext, instance: Instance) async throws {
        try await compute.terminateInstance(ctx, instance: instance)
    }
    public func stop(_ ctx: RequestContext, instance: Instance) async throws {
        try await compute.stopInstance(ctx, instance: instance)
    }
    public func start(_ ctx: RequestContext, instance: Instance) async throws {
        try await compute.startInstance(ctx, instance: instance)
    }
    public func reboot(_ ctx: RequestContext, instance: Instance, type: String) async throws {
        try await compute.rebootInstance(ctx, instance: instance, rebootType: type)
    }
    public func pause(_ ctx: RequestContext, instance: Instance) async throws {
        try await compute.pauseInstance(ctx, instance: instance)
    }
    public func unpause(_ ctx: RequestContext, instance: Instance) async throws {
        try await compute.unpauseInstance(ctx, instance: instance)
    }
    public func suspend(_ ctx: RequestContext, instance: Instance) async throws {
        try await compute.suspendInstance(ctx, instance: instance)
    }
    public func resume(_ ctx: RequestContext, instance: Instance) async throws {
        try await compute.resumeInstance(ctx, instance: instance)
    }
    public func migrate(
        _ ctx: RequestContext, instance: Instance, flavor: Flavor?, host: String?, requestSpec: RequestSpec?
    ) async throws {
        try await conductor.migrateServer(
            ctx, instance: instance, flavor: flavor, requestSpec: requestSpec, hostName: host)
    }
    public func confirmResize(_ ctx: RequestContext, instance: Instance, migration: Migration) async throws {
        try await compute.confirmResize(
            ctx, host: migration.sourceCompute ?? instance.host ?? "", instance: instance, migration: migration)
    }
    public func revertResize(_ ctx: RequestContext, instance: Instance, migration: Migration) async throws {
        try await compute.revertResize(
            ctx, host: migration.destCompute ?? instance.host ?? "", instance: instance, migration: migration)
    }
    public func evacuate(_ ctx: RequestContext, instance: Instance, host: String?, requestSpec: RequestSpec?)
        async throws
    {
        try await conductor.rebuildInstance(ctx, instance: instance, host: host, requestSpec: requestSpec)
    }
    public func consoleOutput(_ ctx: RequestContext, instance: Instance, tailLength: Int?) async throws -> String {
        try await compute.getConsoleOutput(ctx, instance: instance, tailLength: tailLength)
    }
}
