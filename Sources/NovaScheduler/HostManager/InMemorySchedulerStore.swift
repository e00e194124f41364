import Common
import Foundation

/// A `SchedulerStore` in memory, with claims checked against inventory as the database checks them.
/// For unit tests, the benchmark and single-process simulations; its helpers stand for what other
/// services would write (nodes reporting, heartbeats, aggregates, groups, instances).
public final class InMemorySchedulerStore: SchedulerStore {
    struct Node {
        var record: ComputeHostRecord
        var changedAt: Date
    }

    struct State {
        var nodes: [String: Node] = [:]
        var allocations: [String: (node: String, amounts: Resources)] = [:]
        var removed: [(uuid: String, at: Date)] = []
        var aggregates: [String: Aggregate] = [:]
        var aggregatesChangedAt = Date.distantPast
        var groups: [String: InstanceGroup] = [:]
        var instanceHosts: [String: String] = [:]
        var claims = 0
    }

    private let state = Locked(State())
    private let clock: @Sendable () -> Date

    public init(clock: @escaping @Sendable () -> Date = { Date() }) { self.clock = clock }

    // MARK: SchedulerStore

    public func computeHosts(changedSince since: Date?) async throws -> ComputeHostChanges {
        let now = clock()
        return state.withLock { s in
            let hosts = s.nodes.values.filter { since == nil || $0.changedAt >= since! }.map(\.record)
            let removed = since.map { t in s.removed.filter { $0.at >= t }.map(\.uuid) } ?? []
            return ComputeHostChanges(hosts: hosts, removedNodeUUIDs: removed, asOf: now)
        }
    }

    public func aggregates(changedSince since: Date?) async throws -> [Aggregate]? {
        state.withLock { s in
            if let since, s.aggregatesChangedAt < since { return nil }
            return Array(s.aggregates.values)
        }
    }

    public func instanceGroup(uuid: String) async throws -> InstanceGroupMembers? {
        state.withLock { s in
            guard let g = s.groups[uuid] else { return nil }
            var hosts: [String: String] = [:]
            for m in g.members ?? [] { if let h = s.instanceHosts[m] { hosts[m] = h } }
            return InstanceGroupMembers(group: g, memberHosts: hosts)
        }
    }

    public func instanceHosts(uuids: [String]) async throws -> [String: String] {
        state.withLock { s in
            var out: [String: String] = [:]
            for u in uuids { if let h = s.instanceHosts[u] { out[u] = h } }
            return out
        }
    }

    public func claim(consumer: String, nodeUUID: String, vcpus: Int, memoryMB: Int, diskGB: Int) async throws {
        let now = clock()
        try state.withLock { s throws(ClaimRejected) in
            guard var node = s.nodes[nodeUUID] else { throw ClaimRejected(nodeUUID: nodeUUID, reason: "no such node") }
            let want = Resources(vcpus: vcpus, memoryMB: memoryMB, diskGB: diskGB)
            let previous = s.allocations[consumer]
            var used = node.record.used
            if let p = previous, p.node == nodeUUID { used = used - p.amounts }
            for rc in ResourceClass.allCases where want[rc] > 0 {
                let cap = node.record.inventory[rc]?.capacity ?? 0
                if used[rc] + want[rc] > cap {
                    throw ClaimRejected(nodeUUID: nodeUUID, reason: "\(rc.rawValue): \(used[rc]) used + \(want[rc]) "
                                        + "asked > \(cap) capacity")
                }
            }
            if let p = previous, p.node != nodeUUID, var old = s.nodes[p.node] {
                old.record.used = old.record.used - p.amounts
                old.changedAt = now
                s.nodes[p.node] = old
            }
            node.record.used = used + want
            node.changedAt = now
            s.nodes[nodeUUID] = node
            s.allocations[consumer] = (nodeUUID, want)
            s.claims += 1
        }
    }

    public func freeAllocations(consumer: String) async throws {
        let now = clock()
        state.withLock { s in
            guard let p = s.allocations.removeValue(forKey: consumer), var node = s.nodes[p.node] else { return }
            node.record.used = node.record.used - p.amounts
            node.changedAt = now
            s.nodes[p.node] = node
        }
    }

    // MARK: What the other services would write

    /// Registers (or replaces) a node of `host` with this inventory and a fresh heartbeat; returns its uuid.
    @discardableResult
    public func addNode(host: String, nodename: String? = nil, uuid: String? = nil, vcpus: Int, memoryMB: Int,
                        diskGB: Int, reserved: Resources = .zero, cpuRatio: Double = 1, ramRatio: Double = 1,
                        diskRatio: Double = 1, hypervisorType: String = "fake", hypervisorVersion: Int = 1000,
                        cpuInfo: String? = nil, stats: [String: String]? = nil) -> String {
        var n = ComputeNode()
        n.uuid = uuid ?? UUID().uuidString.lowercased()
        n.host = host
        n.hypervisorHostname = nodename ?? host
        n.vcpus = vcpus
        n.memoryMB = memoryMB
        n.localGB = diskGB
        n.hypervisorType = hypervisorType
        n.hypervisorVersion = hypervisorVersion
        n.cpuInfo = cpuInfo
        n.stats = stats
        n.cpuAllocationRatio = cpuRatio
        n.ramAllocationRatio = ramRatio
        n.diskAllocationRatio = diskRatio
        let inv: [ResourceClass: ResourceInventory] = [
            .vcpu: ResourceInventory(total: vcpus, reserved: reserved.vcpus, allocationRatio: cpuRatio),
            .memoryMB: ResourceInventory(total: memoryMB, reserved: reserved.memoryMB, allocationRatio: ramRatio),
            .diskGB: ResourceInventory(total: diskGB, reserved: reserved.diskGB, allocationRatio: diskRatio),
        ]
        let now = clock()
        state.withLock { s in
            let used = s.nodes[n.uuid]?.record.used ?? .zero
            s.nodes[n.uuid] = Node(record: ComputeHostRecord(node: n, inventory: inv, used: used, lastSeenUp: now),
                                   changedAt: now)
        }
        return n.uuid
    }

    /// Changes the service of `host` (every node of it): heartbeat time, disabled, forced down.
    public func updateService(host: String, lastSeenUp: Date?? = nil, disabled: Bool? = nil,
                              forcedDown: Bool? = nil) {
        let now = clock()
        state.withLock { s in
            for (k, var n) in s.nodes where n.record.node.host == host {
                if let seen = lastSeenUp { n.record.lastSeenUp = seen }
                if let d = disabled { n.record.serviceDisabled = d }
                if let f = forcedDown { n.record.serviceForcedDown = f }
                n.changedAt = now
                s.nodes[k] = n
            }
        }
    }

    public func removeNode(_ uuid: String) {
        let now = clock()
        state.withLock { s in
            if s.nodes.removeValue(forKey: uuid) != nil { s.removed.append((uuid, now)) }
        }
    }

    /// Creates or replaces an aggregate (by uuid).
    public func putAggregate(_ a: Aggregate) {
        let now = clock()
        state.withLock { s in
            s.aggregates[a.uuid] = a
            s.aggregatesChangedAt = now
        }
    }

    public func deleteAggregate(uuid: String) {
        let now = clock()
        state.withLock { s in
            s.aggregates[uuid] = nil
            s.aggregatesChangedAt = now
        }
    }

    public func putGroup(_ g: InstanceGroup) { state.withLock { $0.groups[g.uuid] = g } }

    /// Records where an instance runs (nil: deleted or not placed).
    public func setInstanceHost(_ uuid: String, _ host: String?) { state.withLock { $0.instanceHosts[uuid] = host } }

    // MARK: Inspection

    public func usage(node: String) -> Resources { state.withLock { $0.nodes[node]?.record.used ?? .zero } }
    public func capacity(node: String) -> Resources {
        state.withLock { s in
            let inv = s.nodes[node]?.record.inventory ?? [:]
            return Resources(vcpus: inv[.vcpu]?.capacity ?? 0, memoryMB: inv[.memoryMB]?.capacity ?? 0,
                             diskGB: inv[.diskGB]?.capacity ?? 0)
        }
    }
    public func allocation(consumer: String) -> String? { state.withLock { $0.allocations[consumer]?.node } }
    public var allocationCount: Int { state.withLock { $0.allocations.count } }
    public var nodeUUIDs: [String] { state.withLock { Array($0.nodes.keys) } }
}
