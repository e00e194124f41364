import Common
import Foundation
@testable import NovaCompute

/// A `ComputeConductor` in memory whose reachability a test switches off and on (`reachable`), to play a
/// compute cut off the network and back. Instances and migrations are kept as the database would.
final class ScriptedConductor: ComputeConductor {
    struct Unreachable: Error {}
    struct State {
        var reachable = true
        var instances: [String: Instance] = [:]
        var migrations: [String: Migration] = [:]
        var reports = 0
        var nodes: [String: ComputeNode] = [:]
    }
    let state = Locked(State())

    var reachable: Bool {
        get { state.withLock { $0.reachable } }
        set { state.withLock { $0.reachable = newValue } }
    }

    private func reach() throws { if !reachable { throw Unreachable() } }

    func instanceGetByUUID(_ ctx: RequestContext, _ uuid: String) async throws -> Instance {
        try reach()
        guard let i = state.withLock({ $0.instances[uuid] }) else { throw InstanceNotFound(instanceID: uuid) }
        return i
    }

    func instancesOnHost(_ ctx: RequestContext, host: String) async throws -> [Instance] {
        try reach()
        return state.withLock { $0.instances.values.filter { $0.host == host } }
    }

    func migrationsInProgress(_ ctx: RequestContext, host: String) async throws -> [Migration] {
        try reach()
        return state.withLock { s in
            s.migrations.values.filter {
                ($0.sourceCompute == host || $0.destCompute == host)
                    && !["confirmed", "reverted", "error", "failed", "done", "completed"].contains($0.status ?? "")
            }
        }
    }

    func migrations(_ ctx: RequestContext, sourceCompute: String, statuses: [String],
                    type: Migration.MigrationType) async throws -> [Migration] {
        try reach()
        return state.withLock { s in
            s.migrations.values.filter {
                $0.sourceCompute == sourceCompute && statuses.contains($0.status ?? "") && $0.migrationType == type
            }
        }
    }

    func instanceSave(_ ctx: RequestContext, _ instance: Instance, expectedTaskState: [TaskState?]?) async throws
        -> Instance
    {
        try reach()
        return try state.withLock { s in
            var stored = s.instances[instance.uuid] ?? instance
            if let e = expectedTaskState, !e.contains(stored.taskState) {
                throw UnexpectedTaskStateError(instanceUUID: instance.uuid, expected: e.map { $0?.rawValue },
                                               actual: stored.taskState?.rawValue)
            }
            for (k, v) in instance.storage.values { stored.storage.values[k] = v }
            stored.resetChanges()
            s.instances[instance.uuid] = stored
            return stored
        }
    }

    func instanceDestroy(_ ctx: RequestContext, _ instance: Instance) async throws -> Instance {
        try reach()
        state.withLock { _ = $0.instances.removeValue(forKey: instance.uuid) }
        return instance
    }

    func migrationSave(_ ctx: RequestContext, _ migration: Migration) async throws -> Migration {
        try reach()
        state.withLock { $0.migrations[migration.uuid] = migration }
        return migration
    }

    func eventStart(_ ctx: RequestContext, instanceUUID: String, event: String, host: String) async throws {}
    func eventFinish(_ ctx: RequestContext, instanceUUID: String, event: String, host: String, error: String?)
        async throws {}
    func faultCreate(_ ctx: RequestContext, instanceUUID: String, code: Int, message: String, details: String?,
                     host: String?) async throws {}
    func allocationsFree(_ ctx: RequestContext, consumer: String) async throws {}
    func allocationsRevertMove(_ ctx: RequestContext, instanceUUID: String, migrationUUID: String) async throws {}

    func serviceReport(_ ctx: RequestContext, _ service: Service) async throws -> Service {
        try reach()
        state.withLock { $0.reports += 1 }
        return service
    }

    func computeNodeUpdate(_ ctx: RequestContext, _ node: ComputeNode, inventory: JSONValue) async throws
        -> ComputeNode
    {
        try reach()
        state.withLock { $0.nodes[node.hypervisorHostname ?? ""] = node }
        return node
    }

    // Test helpers
    func put(_ i: Instance) { state.withLock { $0.instances[i.uuid] = i } }
    func put(_ m: Migration) { state.withLock { $0.migrations[m.uuid] = m } }
    func migration(_ uuid: String) -> Migration? { state.withLock { $0.migrations[uuid] } }
    func instance(_ uuid: String) -> Instance? { state.withLock { $0.instances[uuid] } }
    func reportedRunningVMs(_ node: String) -> Int? { state.withLock { $0.nodes[node]?.runningVMs } }
}

/// Peers that are never asked anything in these tests.
struct NoPeers: ComputePeers {
    struct Unexpected: Error {}
    func reschedule(_ ctx: RequestContext, instance: Instance, requestSpec: RequestSpec?, hostList: [Selection],
                    failedHost: String, error: String) async throws { throw Unexpected() }
    func resizeInstance(_ ctx: RequestContext, host: String, instance: Instance, migration: Migration,
                        flavor: Flavor) async throws { throw Unexpected() }
    func finishResize(_ ctx: RequestContext, host: String, instance: Instance, migration: Migration) async throws {
        throw Unexpected()
    }
    func finishRevertResize(_ ctx: RequestContext, host: String, instance: Instance, migration: Migration)
        async throws { throw Unexpected() }
}
