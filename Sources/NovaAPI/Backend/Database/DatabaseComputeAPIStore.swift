import Common
import Foundation
import NovaDB

/// `ComputeAPIStore` on the database (SQLite or PostgreSQL through `NovaStore`): what nova-api serves
/// from in production. Semantics follow `MemoryComputeStore` (the reference), errors are the same
/// `ComputeError`s, and writes that must not race (quota-counted creates, guarded state changes) are
/// single transactions.
public struct DatabaseComputeAPIStore: ComputeAPIStore {
    public let store: NovaStore

    public init(store: NovaStore) {
        self.store = store
    }

    /// Runs a store call, answering its errors as the memory store does.
    @discardableResult
    func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw StoreErrorMapping.map(error)
        }
    }

    // MARK: servers

    public func instance(uuid: String, readDeleted: Bool) async throws -> Instance {
        try await run { try await store.instance(uuid: uuid, readDeleted: readDeleted ? .yes : .no, withFault: true) }
    }

    public func instances(_ query: InstanceQuery) async throws -> [Instance] {
        let sort = query.sort.map { NovaDB.SortKey($0.field, ascending: $0.ascending) }
        return try await run {
            try await store.instances(
                search: Self.search(query), sort: sort, limit: query.limit, marker: query.marker, withFault: true)
        }
    }

    static func search(_ q: InstanceQuery) -> InstanceSearch {
        var f = InstanceFilter(projectID: q.projectID, userID: q.userID, host: q.host, node: q.node)
        switch q.deleted {
        case .no: f.readDeleted = .no
        case .yes: f.readDeleted = .yes
        case .only: f.readDeleted = .only
        }
        f.uuids = q.uuids
        f.vmStates = q.vmStates
        f.taskStates = q.taskStates
        f.name = q.nameRegex
        f.changesSince = q.changesSince
        f.changesBefore = q.changesBefore
        f.imageRef = q.imageRef
        f.instanceTypeID = q.instanceTypeID
        f.locked = q.locked
        var s = InstanceSearch(filter: f)
        s.powerStates = q.powerStates
        s.regexFilters = q.regexFilters
        (s.tags, s.tagsAny, s.notTags, s.notTagsAny) = (q.tags, q.tagsAny, q.notTags, q.notTagsAny)
        return s
    }

    public func createInstances(_ c: InstanceCreation) async throws -> [Instance] {
        guard let first = c.instances.first else { return [] }
        let flavor = first.flavor ?? Flavor()
        let (vcpus, ram) = (flavor.vcpus, flavor.memoryMB)
        let (minCount, maxCount, limits, built) = (c.minCount, c.requestedMaxCount, c.limits, c.instances.count)
        let groupLimit = c.serverGroupMemberLimit
        let batch = InstanceBatch(
            instances: c.instances, requestSpecs: c.requestSpecs, action: c.action, groupUUID: c.serverGroupUUID,
            tags: c.tags)
        return try await run {
            try await store.createInstances(batch) { usage, members in
                var count = try InstanceQuota.allowedCount(
                    vcpus: vcpus, memoryMB: ram, minCount: minCount, maxCount: maxCount, limits: limits,
                    usage: QuotaUsage(instances: usage.instances, cores: usage.cores, ram: usage.ramMB))
                count = min(count, built)
                if let members, groupLimit >= 0 {
                    let room = groupLimit - members
                    if room < minCount { throw InstanceQuota.groupFull }
                    count = min(count, room)
                }
                return count
            }
        }
    }

    public func saveInstance(
        uuid: String, changes: [String: JSONValue], expectedTaskState: [String?]?, expectedVMState: [String]?
    ) async throws -> Instance {
        do {
            return try await store.saveInstance(
                uuid: uuid, changes: changes, expectedTaskState: expectedTaskState, expectedVMState: expectedVMState)
        } catch let e as UnexpectedTaskStateError {
            throw ComputeError.unexpectedTaskState(
                uuid, expected: expectedTaskState ?? [], actual: e.fields["actual"]?.stringValue)
        } catch let e as UnexpectedVMStateError {
            throw ComputeError.unexpectedVMState(
                uuid, expected: expectedVMState ?? [], actual: e.fields["actual"]?.stringValue)
        } catch {
            throw StoreErrorMapping.map(error)
        }
    }

    public func destroyInstance(uuid: String) async throws -> Instance {
        try await run {
            // As Nova's local delete: the row records how it ended, then goes.
            let now = JSONValue.string(NovaTime.format(NovaTime.now()))
            _ = try await store.saveInstance(
                uuid: uuid, changes: ["vm_state": "deleted", "task_state": .null, "terminated_at": now])
            let destroyed = try await store.destroyInstance(uuid: uuid)
            // Nova's instance_destroy drops the tags with the row.
            try await store.deleteTags(instanceUUID: uuid)
            return destroyed
        }
    }

    public func requestSpec(instanceUUID: String) async throws -> RequestSpec? {
        try await run { try await store.requestSpec(instanceUUID: instanceUUID) }
    }

    public func tags(instanceUUIDs: [String]) async throws -> [String: [String]] {
        try await run { try await store.tags(instanceUUIDs: instanceUUIDs) }
    }

    public func setTags(instanceUUID: String, _ tags: [String]) async throws -> [String] {
        try await run { try await store.setTags(instanceUUID: instanceUUID, tags) }
    }

    // MARK: instance actions and migrations

    public func recordAction(_ action: InstanceAction) async throws {
        try await run {
            try await store.actionStart(
                instanceUUID: action.instanceUUID ?? "", action: action.action ?? "", requestID: action.requestID ?? "",
                userID: action.userID, projectID: action.projectID, at: action.startTime ?? NovaTime.now())
        }
    }

    public func actions(instanceUUID: String, _ query: ActionQuery) async throws -> [InstanceAction] {
        try await run {
            try await store.actions(
                instanceUUID: instanceUUID, limit: query.limit, marker: query.marker,
                changesSince: query.changesSince, changesBefore: query.changesBefore)
        }
    }

    public func action(instanceUUID: String, requestID: String) async throws -> InstanceAction {
        try await run { try await store.action(instanceUUID: instanceUUID, requestID: requestID) }
    }

    /// Newest first, as Nova's `action_events_get` (the store gives them in the order they started).
    public func events(actionID: Int) async throws -> [InstanceActionEvent] {
        try await run { try await store.events(actionID: actionID).reversed() }
    }

    public func migrations(_ q: MigrationQuery) async throws -> [Migration] {
        var f = MigrationFilter(instanceUUID: q.instanceUUID, host: q.host)
        f.sourceCompute = q.sourceCompute
        f.statuses = q.status.map { [$0] }
        if let t = q.migrationType {
            guard let type = Migration.MigrationType(rawValue: t) else { return [] }
            f.migrationType = type
        }
        f.userID = q.userID
        f.projectID = q.projectID
        f.changesSince = q.changesSince
        f.changesBefore = q.changesBefore
        let filter = f
        return try await run { try await store.migrations(filter: filter, limit: q.limit, marker: q.marker) }
    }

    public func saveMigration(uuid: String, changes: [String: JSONValue]) async throws -> Migration {
        try await run { try await store.saveMigration(uuid: uuid, changes: changes) }
    }
}
