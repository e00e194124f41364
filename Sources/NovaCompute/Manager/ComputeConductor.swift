import Common

/// What nova-compute asks of the conductor: stored objects, events, faults, claims, reports. `ConductorAPI`
/// is the real one (RPC); tests substitute an in-memory one.
public protocol ComputeConductor: Sendable {
    func instanceGetByUUID(_ ctx: RequestContext, _ uuid: String) async throws -> Instance
    func instancesOnHost(_ ctx: RequestContext, host: String) async throws -> [Instance]
    func migrationsInProgress(_ ctx: RequestContext, host: String) async throws -> [Migration]
    func migrations(_ ctx: RequestContext, sourceCompute: String, statuses: [String],
                    type: Migration.MigrationType) async throws -> [Migration]
    func instanceSave(_ ctx: RequestContext, _ instance: Instance, expectedTaskState: [TaskState?]?) async throws
        -> Instance
    func instanceDestroy(_ ctx: RequestContext, _ instance: Instance) async throws -> Instance
    func migrationSave(_ ctx: RequestContext, _ migration: Migration) async throws -> Migration
    func eventStart(_ ctx: RequestContext, instanceUUID: String, event: String, host: String) async throws
    func eventFinish(_ ctx: RequestContext, instanceUUID: String, event: String, host: String, error: String?)
        async throws
    func faultCreate(_ ctx: RequestContext, instanceUUID: String, code: Int, message: String, details: String?,
                     host: String?) async throws
    func allocationsFree(_ ctx: RequestContext, consumer: String) async throws
    func allocationsRevertMove(_ ctx: RequestContext, instanceUUID: String, migrationUUID: String) async throws
    func serviceReport(_ ctx: RequestContext, _ service: Service) async throws -> Service
    func computeNodeUpdate(_ ctx: RequestContext, _ node: ComputeNode, inventory: JSONValue) async throws
        -> ComputeNode
}

extension ConductorAPI: ComputeConductor {}

/// Where a compute sends work on: the conductor for reschedules, other computes for the steps of a resize.
public protocol ComputePeers: Sendable {
    func reschedule(_ ctx: RequestContext, instance: Instance, requestSpec: RequestSpec?, hostList: [Selection],
                    failedHost: String, error: String) async throws
    func resizeInstance(_ ctx: RequestContext, host: String, instance: Instance, migration: Migration,
                        flavor: Flavor) async throws
    func finishResize(_ ctx: RequestContext, host: String, instance: Instance, migration: Migration) async throws
    func finishRevertResize(_ ctx: RequestContext, host: String, instance: Instance, migration: Migration)
        async throws
}

/// The peers over RPC.
public struct RPCComputePeers: ComputePeers {
    public let tasks: ComputeTaskAPI
    public let computes: ComputeRPCAPI

    public init(tasks: ComputeTaskAPI, computes: ComputeRPCAPI) {
        self.tasks = tasks
        self.computes = computes
    }

    public func reschedule(_ ctx: RequestContext, instance: Instance, requestSpec: RequestSpec?,
                           hostList: [Selection], failedHost: String, error: String) async throws {
        try await tasks.buildInstances(ctx, instance: instance, requestSpec: requestSpec, hostList: hostList,
                                       failedHost: failedHost, error: error)
    }

    public func resizeInstance(_ ctx: RequestContext, host: String, instance: Instance, migration: Migration,
                               flavor: Flavor) async throws {
        try await computes.resizeInstance(ctx, host: host, instance: instance, migration: migration, flavor: flavor)
    }

    public func finishResize(_ ctx: RequestContext, host: String, instance: Instance,
                             migration: Migration) async throws {
        try await computes.finishResize(ctx, host: host, instance: instance, migration: migration)
    }

    public func finishRevertResize(_ ctx: RequestContext, host: String, instance: Instance,
                                   migration: Migration) async throws {
        try await computes.finishRevertResize(ctx, host: host, instance: instance, migration: migration)
    }
}
