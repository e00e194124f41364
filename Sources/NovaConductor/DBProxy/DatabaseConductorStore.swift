import Common
import Foundation
import NovaDB

/// The conductor's store on the database: each `ConductorStore` operation is one `NovaStore` call.
public struct DatabaseConductorStore: ConductorStore {
    public let store: NovaStore
    /// `[DEFAULT] service_down_time`: how old a compute's last heartbeat may be for it to count as up.
    public let serviceDownTime: Int

    public init(store: NovaStore, serviceDownTime: Int) {
        self.store = store
        self.serviceDownTime = serviceDownTime
    }

    public init(store: NovaStore, conf: Config) {
        self.init(store: store, serviceDownTime: conf[CommonOptions.serviceDownTime])
    }

    public func instance(uuid: String) async throws -> Instance {
        try await store.instance(uuid: uuid)
    }

    public func saveInstance(uuid: String, changes: [String: JSONValue], expectedTaskState: [String?]?) async throws
        -> Instance
    {
        try await store.saveInstance(uuid: uuid, changes: changes, expectedTaskState: expectedTaskState)
    }

    public func instances(host: String) async throws -> [Instance] {
        try await store.instances(host: host)
    }

    public func destroyInstance(uuid: String) async throws -> Instance {
        try await store.destroyInstance(uuid: uuid)
    }

    public func requestSpec(instanceUUID: String) async throws -> RequestSpec? {
        try await store.requestSpec(instanceUUID: instanceUUID)
    }

    public func createMigration(_ m: Migration) async throws -> Migration {
        try await store.createMigration(m)
    }

    public func saveMigration(uuid: String, changes: [String: JSONValue]) async throws -> Migration {
        try await store.saveMigration(uuid: uuid, changes: changes)
    }

    public func migrationsInProgress(host: String) async throws -> [Migration] {
        try await store.migrationsInProgress(host: host)
    }

    public func migrations(sourceCompute: String, statuses: [String]?, migrationType: String?) async throws
        -> [Migration]
    {
        var f = MigrationFilter()
        f.sourceCompute = sourceCompute
        f.statuses = statuses
        if let t = migrationType {
            guard let type = Migration.MigrationType(rawValue: t) else {
                throw InvalidInput(reason: "unknown migration_type \(t)")
            }
            f.migrationType = type
        }
        return try await store.migrations(filter: f)
    }

    /// Records the event on the action of the current request (Nova finds the action by the context's
    /// request id); when that request has no action on the instance, on the instance's latest one.
    public func eventStart(instanceUUID: String, event: String, host: String?) async throws {
        try await onAction(instanceUUID) { requestID in
            _ = try await store.eventStart(instanceUUID: instanceUUID, requestID: requestID, event: event, host: host)
        }
    }

    public func eventFinish(instanceUUID: String, event: String, host: String?, result: String, details: String?)
        async throws
    {
        try await onAction(instanceUUID) { requestID in
            _ = try await store.eventFinish(
                instanceUUID: instanceUUID, requestID: requestID, event: event, host: host,
                result: result, details: details)
        }
    }

    private func onAction(_ instanceUUID: String, _ body: (String?) async throws -> Void) async throws {
        if let requestID = RequestContext.current?.requestId {
            do {
                return try await body(requestID)
            } catch is InstanceActionNotFound {
                // Not this request's action: fall through to the latest.
            }
        }
        try await body(nil)
    }

    public func createFault(instanceUUID: String, code: Int, message: String, details: String?, host: String?)
        async throws
    {
        _ = try await store.createFault(
            instanceUUID: instanceUUID, code: code, message: message, details: details,
            host: host)
    }

    public func failBuild(uuid: String, message: String, details: String?) async throws -> Bool {
        try await store.failBuild(uuid: uuid, message: message, details: details)
    }

    public func failUnscheduledBuilds(createdBefore cutoff: Date, message: String) async throws -> [String] {
        try await store.failUnscheduledBuilds(createdBefore: cutoff, message: message)
    }

    public func claim(consumer: String, nodeUUID: String, vcpus: Int, memoryMB: Int, diskGB: Int) async throws {
        try await store.claim(consumer: consumer, nodeUUID: nodeUUID, vcpus: vcpus, memoryMB: memoryMB, diskGB: diskGB)
    }

    public func transferAllocations(from instance: String, to migration: String) async throws {
        try await store.transferAllocations(from: instance, to: migration)
    }

    public func revertMoveClaim(instance: String, migration: String) async throws {
        try await store.revertMoveClaim(instance: instance, migration: migration)
    }

    public func freeAllocations(consumer: String) async throws {
        try await store.freeAllocations(consumer: consumer)
    }

    public func reportService(_ service: Service) async throws -> Service {
        try await store.reportService(service)
    }

    /// An empty inventory (an older compute that sent none) is derived from the node's own totals and
    /// ratios rather than wiping the node's inventory.
    public func updateComputeNode(_ node: ComputeNode, inventory: JSONValue) async throws -> ComputeNode {
        var list = try Inventory.list(fromJSON: inventory)
        if list.isEmpty {
            func ratio(_ r: Double) -> Double { r > 0 ? r : 1 }
            list = [
                Inventory(.vcpu, total: node.vcpus, allocationRatio: ratio(node.cpuAllocationRatio)),
                Inventory(.memoryMB, total: node.memoryMB, allocationRatio: ratio(node.ramAllocationRatio)),
                Inventory(.diskGB, total: node.localGB, allocationRatio: ratio(node.diskAllocationRatio)),
            ]
        }
        return try await store.updateComputeNode(node, inventory: list)
    }

    public func computeNode(host: String, nodename: String) async throws -> ComputeNode? {
        try await store.computeNode(host: host, nodename: nodename)
    }

    public func isComputeUp(host: String) async throws -> Bool {
        try await store.isComputeUp(host: host, serviceDownTime: serviceDownTime)
    }
}
