import Common
import Foundation

/// The stored state nova-scheduler reads, and the one write it makes: the claim. The database-backed
/// implementation sits on NovaDB; `InMemorySchedulerStore` serves tests, the benchmark and simulations.
///
/// Reads are shaped for a cache that is refreshed incrementally: `computeHosts(changedSince:)` returns
/// whole records (never deltas), so applying one twice is harmless and the caller may overlap its windows.
public protocol SchedulerStore: Sendable {
    /// Compute nodes (not deleted) joined with their nova-compute service and the sum of their allocations.
    /// With `since`, only the nodes whose node row, service row (heartbeat included) or allocations changed
    /// at or after it, plus the uuids of nodes deleted (or whose service was deleted) since. `asOf` is the
    /// store's clock when the read began: the caller passes it back as the next `since`.
    func computeHosts(changedSince since: Date?) async throws -> ComputeHostChanges

    /// Every aggregate with its hosts and metadata (`availability_zone`, `filter_tenant_id*`, extra-spec
    /// keys, weight multipliers) when any aggregate, aggregate host or metadata item was created, changed
    /// or deleted at or after `since` (always when `since` is nil); nil when nothing changed.
    func aggregates(changedSince since: Date?) async throws -> [Aggregate]?

    /// The server group `uuid` with its policy, rules and members, and the host of each member that is
    /// placed and not deleted; nil when there is no such group.
    func instanceGroup(uuid: String) async throws -> InstanceGroupMembers?

    /// The host of each of `uuids` that names a placed, not deleted instance (same_host / different_host).
    func instanceHosts(uuids: [String]) async throws -> [String: String]

    /// Atomically records that `consumer` uses these amounts on node `nodeUUID`, replacing whatever the
    /// consumer held before (anywhere), provided usage + amounts ≤ floor(total × allocation_ratio) −
    /// reserved for every class. Throws `ClaimRejected` when it does not fit (a race lost, or the node is
    /// gone); other errors mean the store itself failed.
    func claim(consumer: String, nodeUUID: String, vcpus: Int, memoryMB: Int, diskGB: Int) async throws

    /// Removes every allocation `consumer` holds (a batch that cannot be completed gives back its claims).
    func freeAllocations(consumer: String) async throws
}

/// One read of `SchedulerStore.computeHosts(changedSince:)`.
public struct ComputeHostChanges: Sendable {
    /// Full records of the nodes that changed (all nodes on a full read).
    public var hosts: [ComputeHostRecord]
    /// Nodes that are gone: deleted, or their compute service deleted.
    public var removedNodeUUIDs: [String]
    /// The store's clock when the read began.
    public var asOf: Date

    public init(hosts: [ComputeHostRecord], removedNodeUUIDs: [String] = [], asOf: Date) {
        self.hosts = hosts
        self.removedNodeUUIDs = removedNodeUUIDs
        self.asOf = asOf
    }
}

/// The store could not record a claim because the node no longer has room for it (or is gone).
public struct ClaimRejected: Error, Sendable, Equatable, CustomStringConvertible {
    public let nodeUUID: String
    public let reason: String

    public init(nodeUUID: String, reason: String) {
        self.nodeUUID = nodeUUID
        self.reason = reason
    }

    public var description: String { "Claim rejected on node \(nodeUUID): \(reason)" }
}
