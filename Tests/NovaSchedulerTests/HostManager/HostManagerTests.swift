import Common
import Foundation
import Testing
@testable import NovaScheduler

/// Counts the store's reads (to show the cache refreshes incrementally) and claims.
final class CountingStore: SchedulerStore {
    let inner: InMemorySchedulerStore
    let fullReads = Locked(0)
    let incrementalReads = Locked(0)
    let recordsReturned = Locked(0)
    let claims = Locked(0)

    init(_ inner: InMemorySchedulerStore) { self.inner = inner }

    func computeHosts(changedSince since: Date?) async throws -> ComputeHostChanges {
        if since == nil { fullReads.withLock { $0 += 1 } } else { incrementalReads.withLock { $0 += 1 } }
        let c = try await inner.computeHosts(changedSince: since)
        recordsReturned.withLock { $0 += c.hosts.count }
        return c
    }
    func aggregates(changedSince since: Date?) async throws -> [Aggregate]? {
        try await inner.aggregates(changedSince: since)
    }
    func instanceGroup(uuid: String) async throws -> InstanceGroupMembers? { try await inner.instanceGroup(uuid: uuid) }
    func instanceHosts(uuids: [String]) async throws -> [String: String] { try await inner.instanceHosts(uuids: uuids) }
    func claim(consumer: String, nodeUUID: String, vcpus: Int, memoryMB: Int, diskGB: Int) async throws {
        claims.withLock { $0 += 1 }
        try await inner.claim(consumer: consumer, nodeUUID: nodeUUID, vcpus: vcpus, memoryMB: memoryMB, diskGB: diskGB)
    }
    func freeAllocations(consumer: String) async throws { try await inner.freeAllocations(consumer: consumer) }
}

@Suite struct HostManagerTests {
    let store = InMemorySchedulerStore()
    let noOverlap = HostManager.Refresh(minInterval: 0, overlap: 0)

    @Test func firstReadLoadsEverythingThenOnlyChanges() async throws {
        // A clock that ticks a second per reading: no two events share a timestamp.
        let tick = Locked(0.0)
        let store = InMemorySchedulerStore(clock: { Date(timeIntervalSince1970: tick.withLock { $0 += 1; return $0 }) })
        for i in 0..<20 { store.addNode(host: "h\(i)", vcpus: 4, memoryMB: 4096, diskGB: 40) }
        let counting = CountingStore(store)
        let hm = HostManager(store: counting, refresh: noOverlap)
        #expect(try await hm.hostStates().count == 20)
        try await store.claim(consumer: "i1", nodeUUID: store.nodeUUIDs[0], vcpus: 1, memoryMB: 512, diskGB: 1)
        let states = try await hm.hostStates()
        #expect(counting.fullReads.withLock { $0 } == 1)
        #expect(counting.incrementalReads.withLock { $0 } == 1)
        #expect(counting.recordsReturned.withLock { $0 } == 21)
        #expect(states.first { $0.nodeUUID == store.nodeUUIDs[0] }?.used.memoryMB == 512)
    }

    @Test func newNodesServiceChangesAndRemovalsArrive() async throws {
        let a = store.addNode(host: "a", vcpus: 4, memoryMB: 4096, diskGB: 40)
        let hm = HostManager(store: store, refresh: noOverlap)
        _ = try await hm.hostStates()
        store.addNode(host: "b", vcpus: 4, memoryMB: 4096, diskGB: 40)
        store.updateService(host: "a", disabled: true)
        var states = try await hm.hostStates()
        #expect(states.map(\.host) == ["a", "b"])
        #expect(states[0].serviceDisabled)
        store.removeNode(a)
        states = try await hm.hostStates()
        #expect(states.map(\.host) == ["b"])
    }

    @Test func aggregatesAreAttachedAndFollowChanges() async throws {
        store.addNode(host: "a", vcpus: 4, memoryMB: 4096, diskGB: 40)
        store.putAggregate(Fx.aggregate("z", hosts: ["a"], metadata: ["availability_zone": "az1"]))
        let hm = HostManager(store: store, refresh: noOverlap)
        #expect(try await hm.hostStates()[0].aggregates.availabilityZones == ["az1"])
        store.putAggregate(Fx.aggregate("z", hosts: ["a"], metadata: ["availability_zone": "az2"]))
        #expect(try await hm.hostStates()[0].aggregates.availabilityZones == ["az2"])
        store.deleteAggregate(uuid: "agg-z")
        #expect(try await hm.hostStates()[0].aggregates.availabilityZones.isEmpty)
    }

    @Test func consumeShowsOwnPicksBeforeTheStoreDoes() async throws {
        let a = store.addNode(host: "a", vcpus: 4, memoryMB: 4096, diskGB: 40)
        let hm = HostManager(store: store, refresh: HostManager.Refresh(minInterval: 3600))
        _ = try await hm.hostStates()
        await hm.consume([(a, Resources(vcpus: 1, memoryMB: 100, diskGB: 1))])
        let s = try await hm.hostStates()[0]
        #expect(s.used == Resources(vcpus: 1, memoryMB: 100, diskGB: 1))
        #expect(s.numInstances == 1)
    }

    @Test func aRecentRefreshIsReused() async throws {
        store.addNode(host: "a", vcpus: 4, memoryMB: 4096, diskGB: 40)
        let counting = CountingStore(store)
        let hm = HostManager(store: counting, refresh: HostManager.Refresh(minInterval: 3600))
        _ = try await hm.hostStates()
        _ = try await hm.hostStates()
        #expect(counting.fullReads.withLock { $0 } + counting.incrementalReads.withLock { $0 } == 1)
        await hm.invalidate()
        _ = try await hm.hostStates()
        #expect(counting.fullReads.withLock { $0 } == 2)
    }
}

@Suite struct InMemorySchedulerStoreTests {
    let store = InMemorySchedulerStore()

    @Test func aClaimFitsCapacityOrIsRejectedCleanly() async throws {
        let n = store.addNode(host: "a", vcpus: 2, memoryMB: 1024, diskGB: 10,
                              reserved: Resources(vcpus: 0, memoryMB: 512, diskGB: 0),
                              cpuRatio: 2)
        try await store.claim(consumer: "i1", nodeUUID: n, vcpus: 4, memoryMB: 512, diskGB: 10)
        await #expect(throws: ClaimRejected.self) {
            try await store.claim(consumer: "i2", nodeUUID: n, vcpus: 1, memoryMB: 1, diskGB: 0)
        }
        #expect(store.usage(node: n) == Resources(vcpus: 4, memoryMB: 512, diskGB: 10))
        #expect(store.allocation(consumer: "i2") == nil)
    }

    @Test func aClaimReplacesTheConsumersPreviousOne() async throws {
        let a = store.addNode(host: "a", vcpus: 2, memoryMB: 1024, diskGB: 10)
        let b = store.addNode(host: "b", vcpus: 2, memoryMB: 1024, diskGB: 10)
        try await store.claim(consumer: "i1", nodeUUID: a, vcpus: 2, memoryMB: 1024, diskGB: 10)
        try await store.claim(consumer: "i1", nodeUUID: a, vcpus: 2, memoryMB: 1024, diskGB: 10)
        try await store.claim(consumer: "i1", nodeUUID: b, vcpus: 1, memoryMB: 1, diskGB: 1)
        #expect(store.usage(node: a) == .zero)
        #expect(store.allocation(consumer: "i1") == b)
        try await store.freeAllocations(consumer: "i1")
        #expect(store.usage(node: b) == .zero)
    }
}

@Suite struct HostStateUpdateTests {
    @Test func aHeartbeatOrClaimKeepsTheSharedFactsAndANodeChangeRebuildsThem() {
        var r = Fx.record(host: "a", lastSeen: Fx.now.addingTimeInterval(-100))
        let s = HostState(record: r)
        r.lastSeenUp = Fx.now
        r.used = Resources(vcpus: 1, memoryMB: 1, diskGB: 1)
        let beat = s.updated(with: r, aggregates: .none)
        #expect(beat.facts === s.facts)
        #expect(beat.lastSeenUp == Fx.now && beat.used.vcpus == 1)
        r.node.vcpus = 64
        r.inventory[.vcpu] = ResourceInventory(total: 64)
        let grown = s.updated(with: r, aggregates: .none)
        #expect(grown.facts !== s.facts)
        #expect(grown.total.vcpus == 64)
    }
}
