import Common
import Foundation
@testable import NovaScheduler

/// A store whose claims can be made to fail: rejected on some nodes (a race lost) or erroring (the
/// database down) from the n-th claim on.
final class FlakyStore: SchedulerStore {
    struct Broken: Error {}
    let inner: InMemorySchedulerStore
    let rejectNodes: Set<String>
    let failFromClaim: Int?
    let claims = Locked(0)

    init(_ inner: InMemorySchedulerStore, rejectNodes: Set<String> = [], failFromClaim: Int? = nil) {
        self.inner = inner
        self.rejectNodes = rejectNodes
        self.failFromClaim = failFromClaim
    }

    func computeHosts(changedSince since: Date?) async throws -> ComputeHostChanges {
        try await inner.computeHosts(changedSince: since)
    }
    func aggregates(changedSince since: Date?) async throws -> [Aggregate]? {
        try await inner.aggregates(changedSince: since)
    }
    func instanceGroup(uuid: String) async throws -> InstanceGroupMembers? { try await inner.instanceGroup(uuid: uuid) }
    func instanceHosts(uuids: [String]) async throws -> [String: String] { try await inner.instanceHosts(uuids: uuids) }
    func claim(consumer: String, nodeUUID: String, vcpus: Int, memoryMB: Int, diskGB: Int) async throws {
        let n = claims.withLock { $0 += 1; return $0 }
        if let f = failFromClaim, n >= f { throw Broken() }
        if rejectNodes.contains(nodeUUID) { throw ClaimRejected(nodeUUID: nodeUUID, reason: "taken") }
        try await inner.claim(consumer: consumer, nodeUUID: nodeUUID, vcpus: vcpus, memoryMB: memoryMB, diskGB: diskGB)
    }
    func freeAllocations(consumer: String) async throws { try await inner.freeAllocations(consumer: consumer) }
}

extension Fx {
    static func scheduler(_ store: any SchedulerStore, settings: SchedulerSettings = .defaults, seed: UInt64 = 7,
                          refresh: HostManager.Refresh = HostManager.Refresh(minInterval: 0, overlap: 0))
        -> FilterScheduler
    {
        FilterScheduler(store: store, settings: settings, hostManager: HostManager(store: store, refresh: refresh),
                        random: RandomSource(seed: seed))
    }

    /// Runs select_destinations and returns the NoValidHost it throws (nil when it placed).
    static func noValidHost(_ s: FilterScheduler, _ ctx: RequestContext = Fx.user(), _ spec: RequestSpec,
                            _ uuids: [String]) async -> NoValidHost? {
        do {
            _ = try await s.selectDestinations(ctx, spec: spec, instanceUUIDs: uuids, returnAlternates: true)
            return nil
        } catch let e as NoValidHost {
            return e
        } catch {
            return nil
        }
    }
}
