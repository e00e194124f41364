import Common
import Foundation
import Testing
@testable import NovaScheduler

/// Two schedulers with their own caches share one store, as two nova-scheduler processes share the
/// database: racing for the last slots of a small fleet, they never place past a node's capacity.
@Suite struct ConcurrentSchedulersTests {
    @Test(arguments: [0.0, 3600.0])
    func twoSchedulersNeverOvercommitATightFleet(refreshInterval: Double) async throws {
        let store = InMemorySchedulerStore()
        // 3 hosts × 2 slots of 1 vCPU / 1 GB.
        let nodes = (0..<3).map { store.addNode(host: "h\($0)", vcpus: 2, memoryMB: 2048, diskGB: 20) }
        let refresh = HostManager.Refresh(minInterval: refreshInterval, overlap: 0)
        let schedulers = [1, 2].map { Fx.scheduler(store, seed: $0, refresh: refresh) }
        for s in schedulers { try await s.hostManager.refreshNow() }  // both caches see an empty fleet
        let flavor = Fx.flavor(vcpus: 1, memoryMB: 1024, rootGB: 1)
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<10 {
                group.addTask {
                    let spec = Fx.spec(flavor, instance: "i\(i)")
                    let e = await Fx.noValidHost(schedulers[i % 2], Fx.user(), spec, ["i\(i)"])
                    return e == nil
                }
            }
            var placed: [Bool] = []
            for await ok in group { placed.append(ok) }
            return placed
        }
        #expect(outcomes.filter { $0 }.count == 6)
        for n in nodes {
            let used = store.usage(node: n)
            #expect(used.vcpus <= 2 && used.memoryMB <= 2048 && used.diskGB <= 20)
        }
        #expect(store.allocationCount == 6)
    }

    @Test func aLostClaimMovesOnToTheNextHost() async throws {
        let store = InMemorySchedulerStore()
        let best = store.addNode(host: "best", vcpus: 8, memoryMB: 16384, diskGB: 100)
        store.addNode(host: "next", vcpus: 8, memoryMB: 8192, diskGB: 100)
        let sels = try await Fx.scheduler(FlakyStore(store, rejectNodes: [best])).selectDestinations(
            Fx.user(), spec: Fx.spec(), instanceUUIDs: ["i1"], returnAlternates: true)
        #expect(sels[0][0].serviceHost == "next")
    }

    @Test func aStoreFailureAbortsAndFreesTheBatchsClaims() async throws {
        let store = InMemorySchedulerStore()
        store.addNode(host: "a", vcpus: 8, memoryMB: 16384, diskGB: 100)
        store.addNode(host: "b", vcpus: 8, memoryMB: 16384, diskGB: 100)
        let s = Fx.scheduler(FlakyStore(store, failFromClaim: 2))
        await #expect(throws: FlakyStore.Broken.self) {
            try await s.selectDestinations(Fx.user(), spec: Fx.spec(), instanceUUIDs: ["i1", "i2"],
                                           returnAlternates: true)
        }
        #expect(store.allocationCount == 0)
    }
}
