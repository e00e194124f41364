import Common
import Foundation
import NovaDB

/// `SchedulerStore` on the database: what nova-scheduler reads to build host states, and its claims.
///
/// Host reads are whole-fleet reads (nodes with inventory and summed allocations, joined with their
/// compute services in memory): the host manager asks at most once per refresh interval, never per
/// request, and one read of 1,000 nodes is a few milliseconds. Removed nodes are found by comparing with
/// the previous read, so the incremental contract of `SchedulerStore` holds.
public final class DatabaseSchedulerStore: SchedulerStore {
    private let store: NovaStore
    private let seen = Locked<Set<String>>([])

    public init(store: NovaStore) { self.store = store }

    public func computeHosts(changedSince since: Date?) async throws -> ComputeHostChanges {
        let asOf = Date()
        async let usages = store.nodeUsages()
        async let services = store.services(binary: "nova-compute")
        let byHost = Dictionary(try await services.map { ($0.host, $0) }, uniquingKeysWith: { a, _ in a })
        var records: [ComputeHostRecord] = []
        for u in try await usages {
            guard let host = u.node.host, let svc = byHost[host] else { continue }
            records.append(Self.record(u, service: svc))
        }
        let now = Set(records.map { $0.node.uuid })
        let removed = seen.withLock { before -> [String] in
            defer { before = now }
            return since == nil ? [] : Array(before.subtracting(now))
        }
        return ComputeHostChanges(hosts: records, removedNodeUUIDs: removed, asOf: asOf)
    }

    static func record(_ u: NodeUsage, service svc: Service) -> ComputeHostRecord {
        var inventory: [ResourceClass: ResourceInventory] = [:]
        for (name, i) in u.inventory {
            guard let rc = ResourceClass(rawValue: name) else { continue }
            inventory[rc] = ResourceInventory(total: i.total, reserved: i.reserved, allocationRatio: i.allocationRatio)
        }
        let used = Resources(vcpus: u.used[ResourceClass.vcpu.rawValue] ?? 0,
                             memoryMB: u.used[ResourceClass.memoryMB.rawValue] ?? 0,
                             diskGB: u.used[ResourceClass.diskGB.rawValue] ?? 0)
        // The heartbeat time: last_seen_up when the service reports it, else the row's updated_at.
        let seenUp = [svc.lastSeenUp, svc.updatedAt, svc.createdAt].compactMap { $0 }.max()
        return ComputeHostRecord(node: u.node, inventory: inventory, used: used, serviceDisabled: svc.disabled,
                                 serviceDisabledReason: svc.disabledReason, serviceForcedDown: svc.forcedDown,
                                 lastSeenUp: seenUp)
    }

    public func aggregates(changedSince since: Date?) async throws -> [Aggregate]? {
        try await store.aggregates()
    }

    public func instanceGroup(uuid: String) async throws -> InstanceGroupMembers? {
        let group: InstanceGroup
        do { group = try await store.instanceGroup(uuid: uuid) } catch is InstanceGroupNotFound { return nil }
        let hosts = try await instanceHosts(uuids: group.members ?? [])
        return InstanceGroupMembers(group: group, memberHosts: hosts)
    }

    public func instanceHosts(uuids: [String]) async throws -> [String: String] {
        guard !uuids.isEmpty else { return [:] }
        var filter = InstanceFilter()
        filter.uuids = uuids
        filter.includeHidden = true
        var out: [String: String] = [:]
        for i in try await store.instances(filter: filter) {
            if let host = i.host { out[i.uuid] = host }
        }
        return out
    }

    public func claim(consumer: String, nodeUUID: String, vcpus: Int, memoryMB: Int, diskGB: Int) async throws {
        do {
            try await store.claim(consumer: consumer, nodeUUID: nodeUUID, vcpus: vcpus, memoryMB: memoryMB,
                                  diskGB: diskGB)
        } catch let e as ClaimFailed {
            throw ClaimRejected(nodeUUID: nodeUUID, reason: e.message)
        } catch let e as ComputeHostNotFound {
            throw ClaimRejected(nodeUUID: nodeUUID, reason: e.message)
        }
    }

    public func freeAllocations(consumer: String) async throws {
        try await store.freeAllocations(consumer: consumer)
    }
}
