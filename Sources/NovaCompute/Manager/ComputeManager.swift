import Common
import Foundation

/// The compute service's work (nova/compute/manager.py): builds, the server lifecycle, resize steps,
/// start-up reconciliation and the periodic tasks. Stored objects only through `conductor`.
public final class ComputeManager: Sendable {
    public let host: String
    public let conf: Config
    public let driver: any VirtDriver
    public let tracker: ResourceTracker
    public let conductor: any ComputeConductor
    public let peers: any ComputePeers
    /// Builds running in this process: their claims survive a usage rebuild that races their save.
    let building = LockedSet()
    /// Whether heartbeats get through: the first one after failures triggers a catch-up.
    let liveness = Locked(HeartbeatState())
    static let log = Logger("nova.compute.manager")

    public init(conf: Config, driver: any VirtDriver, conductor: any ComputeConductor, peers: any ComputePeers,
                host: String? = nil) {
        self.conf = conf
        self.host = host ?? conf[CommonOptions.host]
        self.driver = driver
        self.conductor = conductor
        self.peers = peers
        tracker = ResourceTracker(host: self.host, hostIP: conf[CommonOptions.myIP])
    }

    // MARK: events and faults

    /// Runs `body` as the InstanceAction event `compute_<name>`: Success, or Error plus a fault and the task
    /// state reverted (Nova's wrap_instance_event, wrap_instance_fault and reverts_task_state).
    func withEvent(_ ctx: RequestContext, _ instance: Instance, _ name: String, revertTaskState: Bool = true,
                   _ body: () async throws -> Void) async throws {
        let event = "compute_" + name
        try? await conductor.eventStart(ctx, instanceUUID: instance.uuid, event: event, host: host)
        do {
            try await body()
            try? await conductor.eventFinish(ctx, instanceUUID: instance.uuid, event: event, host: host, error: nil)
        } catch {
            let text = Self.describe(error)
            Self.log.error("\(event) failed for instance \(instance.uuid): \(text)", context: ctx)
            try? await conductor.eventFinish(ctx, instanceUUID: instance.uuid, event: event, host: host, error: text)
            if !(error is UnexpectedTaskStateError) {
                try? await conductor.faultCreate(ctx, instanceUUID: instance.uuid, code: 500, message: text,
                                                 details: String(describing: error), host: host)
                if revertTaskState, var fresh = try? await conductor.instanceGetByUUID(ctx, instance.uuid) {
                    fresh.taskState = nil
                    _ = try? await conductor.instanceSave(ctx, fresh, expectedTaskState: nil)
                }
            }
            throw error
        }
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? any NovaRemoteError { return e.message }
        return String(describing: error)
    }

    func save(_ ctx: RequestContext, _ instance: Instance, expecting: [TaskState?]?) async throws -> Instance {
        try await conductor.instanceSave(ctx, instance, expectedTaskState: expecting)
    }

    // MARK: build

    /// Claims locally, spawns, and saves the server ACTIVE; on failure frees the claim and sends the build
    /// back to the conductor for the next alternate.
    public func buildAndRunInstance(_ ctx: RequestContext, instance: Instance, node: String,
                                    requestSpec: RequestSpec?, hostList: [Selection]) async {
        var inst = instance
        building.insert(inst.uuid)
        defer { building.remove(inst.uuid) }
        await buildAndRun(ctx, &inst, node: node, requestSpec: requestSpec, hostList: hostList)
        await reportUsage(ctx, nodes: [node])
    }

    private func buildAndRun(_ ctx: RequestContext, _ inst: inout Instance, node: String,
                             requestSpec: RequestSpec?, hostList: [Selection]) async {
        let event = "compute_build_and_run_instance"
        try? await conductor.eventStart(ctx, instanceUUID: inst.uuid, event: event, host: host)
        do {
            try await tracker.claim(consumer: inst.uuid, node: node, amounts: ResourceAmounts(instance: inst))
            inst.taskState = .spawning
            inst = try await save(ctx, inst, expecting: [.scheduling, .networking, .blockDeviceMapping])
            try await driver.spawn(instance: inst)
            inst.powerStateValue = await driver.powerState(instanceUUID: inst.uuid)
            inst.vmState = .active
            inst.taskState = nil
            inst.launchedAt = NovaTime.now()
            inst.launchedOn = host
            inst = try await save(ctx, inst, expecting: [.spawning])
            try? await conductor.eventFinish(ctx, instanceUUID: inst.uuid, event: event, host: host, error: nil)
            Self.log.info("Took the build of instance \(inst.uuid) to ACTIVE on node \(node)", context: ctx)
        } catch let e as UnexpectedTaskStateError {
            // Deleted (or otherwise taken over) while building: give everything back.
            Self.log.warning("Build of instance \(inst.uuid) stopped: \(e.message)", context: ctx)
            await cleanUpFailedBuild(inst)
            try? await conductor.eventFinish(ctx, instanceUUID: inst.uuid, event: event, host: host, error: e.message)
        } catch {
            let text = Self.describe(error)
            await cleanUpFailedBuild(inst)
            try? await conductor.eventFinish(ctx, instanceUUID: inst.uuid, event: event, host: host, error: text)
            await reschedule(ctx, inst, requestSpec: requestSpec, hostList: hostList, error: text)
        }
    }

    private func cleanUpFailedBuild(_ inst: Instance) async {
        await driver.destroy(instanceUUID: inst.uuid)
        await tracker.drop(inst.uuid)
    }

    private func reschedule(_ ctx: RequestContext, _ instance: Instance, requestSpec: RequestSpec?,
                            hostList: [Selection], error: String) async {
        Self.log.warning("Build of instance \(instance.uuid) failed on \(host): \(error); rescheduling",
                         context: ctx)
        var inst = instance
        inst.taskState = .scheduling
        inst.host = nil
        inst.node = nil
        inst.computeID = nil
        if let saved = try? await save(ctx, inst, expecting: nil) { inst = saved }
        do {
            try await peers.reschedule(ctx, instance: inst, requestSpec: requestSpec, hostList: hostList,
                                       failedHost: host, error: error)
        } catch {
            Self.log.error("Could not send instance \(inst.uuid) back for rescheduling: \(error)", context: ctx)
        }
    }

    // MARK: terminate

    /// Destroys the guest, frees local and stored claims, and marks the server deleted.
    public func terminateInstance(_ ctx: RequestContext, instance: Instance) async throws {
        try await withEvent(ctx, instance, "terminate_instance") {
            await driver.destroy(instanceUUID: instance.uuid)
            await tracker.drop(instance.uuid)
            var inst = instance
            inst.vmState = .deleted
            inst.taskState = nil
            inst.powerStateValue = .noState
            inst.terminatedAt = NovaTime.now()
            inst = try await save(ctx, inst, expecting: nil)
            _ = try await conductor.instanceDestroy(ctx, inst)
        }
        await reportUsage(ctx, nodes: instance.node.map { [$0] })
    }

    public func consoleOutput(_ ctx: RequestContext, instance: Instance, tailLength: Int?) async throws -> String {
        let text = try await driver.consoleOutput(instanceUUID: instance.uuid)
        guard let n = tailLength, n >= 0 else { return text }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let body = lines.last == "" ? lines.dropLast() : lines[...]
        return body.suffix(n).joined(separator: "\n") + (n > 0 ? "\n" : "")
    }
}

/// A set of strings behind a lock.
final class LockedSet: Sendable {
    private let state = Locked<Set<String>>([])
    func insert(_ s: String) { state.withLock { _ = $0.insert(s) } }
    func remove(_ s: String) { state.withLock { _ = $0.remove(s) } }
    var all: Set<String> { state.withLock { $0 } }
}
