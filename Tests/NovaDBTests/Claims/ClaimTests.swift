import Common
import Foundation
import NovaDB
import Testing

@Suite("Resource claims on both engines")
struct ClaimTests {
    func nodeWith(_ store: NovaStore, _ inventory: [Inventory], name: String = "n1") async throws -> ComputeNode {
        try await store.updateComputeNode(Fixtures.node(host: "h1", name: name), inventory: inventory)
    }

    @Test("a claim fits until total × ratio − reserved, then fails cleanly", arguments: TestEngine.allCases)
    func capacity(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        // VCPU: 4 × 2.0 − 1 = 7; MEMORY_MB: 1000 × 1.5 − 100 = 1400; DISK_GB: 10.
        let node = try await nodeWith(
            store,
            Fixtures.inventory(
                vcpus: 4, ram: 1000, disk: 10, reserved: [1, 100, 0],
                ratios: [2, 1.5, 1]))
        try await store.claim(consumer: "a", nodeUUID: node.uuid, vcpus: 5, memoryMB: 1000, diskGB: 5)
        try await store.claim(consumer: "b", nodeUUID: node.uuid, vcpus: 2, memoryMB: 400, diskGB: 5)
        #expect(try await store.usage(nodeUUID: node.uuid) == ["VCPU": 7, "MEMORY_MB": 1400, "DISK_GB": 10])
        await #expect {
            try await store.claim(consumer: "c", nodeUUID: node.uuid, vcpus: 1, memoryMB: 0, diskGB: 0)
        } throws: { e in
            guard let f = e as? ClaimFailed else { return false }
            return f.resourceClass == "VCPU" && f.fields["capacity"] == .int(7) && f.fields["used"] == .int(7)
        }
        #expect(try await store.allocations(consumer: "c").isEmpty)
        // Zero amounts need no inventory and no room.
        try await store.claim(consumer: "c", nodeUUID: node.uuid, vcpus: 0, memoryMB: 0, diskGB: 0)
    }

    @Test("a failed re-claim keeps what the consumer held", arguments: TestEngine.allCases)
    func failedReclaimKeepsOld(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        let n1 = try await nodeWith(store, Fixtures.inventory(vcpus: 4, ram: 4096, disk: 40), name: "n1")
        let n2 = try await nodeWith(store, Fixtures.inventory(vcpus: 1, ram: 512, disk: 5), name: "n2")
        try await store.claim(
            consumer: "vm", nodeUUID: n1.uuid, vcpus: 2, memoryMB: 1024, diskGB: 10,
            projectID: "p", userID: "u")
        await #expect(throws: ClaimFailed.self) {
            try await store.claim(consumer: "vm", nodeUUID: n2.uuid, vcpus: 2, memoryMB: 1024, diskGB: 10)
        }
        let held = try await store.allocations(consumer: "vm")
        #expect(Set(held.map(\.resourceProviderUUID)) == [n1.uuid])
        #expect(held.first?.projectID == "p")
        // A claim elsewhere that fits replaces the old one.
        try await store.claim(consumer: "vm", nodeUUID: n2.uuid, vcpus: 1, memoryMB: 512, diskGB: 5)
        #expect(try await store.usage(nodeUUID: n1.uuid).isEmpty)
        #expect(try await store.usage(nodeUUID: n2.uuid) == ["VCPU": 1, "MEMORY_MB": 512, "DISK_GB": 5])
    }

    @Test("a class the node has no inventory of cannot be claimed", arguments: TestEngine.allCases)
    func noInventory(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        let node = try await nodeWith(store, [Inventory(.vcpu, total: 4)])
        await #expect(throws: ClaimFailed.self) {
            try await store.claim(consumer: "vm", nodeUUID: node.uuid, vcpus: 1, memoryMB: 1, diskGB: 0)
        }
        await #expect(throws: ComputeHostNotFound.self) {
            try await store.claim(consumer: "vm", nodeUUID: "no-such-node", vcpus: 1, memoryMB: 0, diskGB: 0)
        }
        await #expect(throws: InvalidInput.self) {
            try await store.claim(consumer: "vm", nodeUUID: node.uuid, vcpus: -1, memoryMB: 0, diskGB: 0)
        }
    }

    @Test("move claim, revert and confirm keep source and destination straight", arguments: TestEngine.allCases)
    func moves(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        let src = try await nodeWith(store, Fixtures.inventory(vcpus: 4, ram: 4096, disk: 40), name: "src")
        let dst = try await nodeWith(store, Fixtures.inventory(vcpus: 4, ram: 4096, disk: 40), name: "dst")
        let big = try await nodeWith(store, Fixtures.inventory(vcpus: 1, ram: 512, disk: 1), name: "small")
        try await store.claim(consumer: "vm", nodeUUID: src.uuid, vcpus: 2, memoryMB: 2048, diskGB: 20)
        let want = ["VCPU": 4, "MEMORY_MB": 4096, "DISK_GB": 40]
        // Too big for the destination: nothing moves.
        await #expect(throws: ClaimFailed.self) {
            try await store.moveClaim(instance: "vm", migration: "mig", destNodeUUID: big.uuid, resources: want)
        }
        #expect(try await store.allocations(consumer: "mig").isEmpty)
        #expect(Set(try await store.allocations(consumer: "vm").map(\.resourceProviderUUID)) == [src.uuid])

        try await store.moveClaim(instance: "vm", migration: "mig", destNodeUUID: dst.uuid, resources: want)
        #expect(try await store.usage(nodeUUID: src.uuid)["VCPU"] == 2)
        #expect(try await store.usage(nodeUUID: dst.uuid)["VCPU"] == 4)
        #expect(Set(try await store.allocations(consumer: "mig").map(\.resourceProviderUUID)) == [src.uuid])

        try await store.revertMoveClaim(instance: "vm", migration: "mig")
        #expect(try await store.usage(nodeUUID: dst.uuid).isEmpty)
        #expect(Set(try await store.allocations(consumer: "vm").map(\.resourceProviderUUID)) == [src.uuid])
        #expect(try await store.allocations(consumer: "mig").isEmpty)

        // Confirm: move again, then free the migration's (source) allocations.
        try await store.transferAllocations(from: "vm", to: "mig")
        try await store.claim(consumer: "vm", nodeUUID: dst.uuid, resources: want)
        try await store.freeAllocations(consumer: "mig")
        #expect(try await store.usage(nodeUUID: src.uuid).isEmpty)
        #expect(try await store.usage(nodeUUID: dst.uuid) == want)
    }

    @Test("a node report updates inventory but never allocations", arguments: TestEngine.allCases)
    func reportKeepsAllocations(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        let node = try await nodeWith(store, Fixtures.inventory(vcpus: 4, ram: 4096, disk: 40))
        try await store.claim(consumer: "vm", nodeUUID: node.uuid, vcpus: 3, memoryMB: 1024, diskGB: 10)
        var report = Fixtures.node(host: "h1", name: "n1", vcpus: 2)
        report.vcpusUsed = 0
        let again = try await store.updateComputeNode(
            report, inventory: Fixtures.inventory(vcpus: 2, ram: 4096, disk: 40))
        #expect(again.uuid == node.uuid)
        #expect(again.id == node.id)
        #expect(again.vcpus == 2)
        #expect(try await store.usage(nodeUUID: node.uuid)["VCPU"] == 3)
        // Now over capacity: no further VCPU fits.
        await #expect(throws: ClaimFailed.self) {
            try await store.claim(consumer: "vm2", nodeUUID: node.uuid, vcpus: 1, memoryMB: 0, diskGB: 0)
        }
    }

    @Test("concurrent claimers on separate pools never overcommit a node", arguments: TestEngine.allCases)
    func concurrentClaimers(engine: TestEngine) async throws {
        let url = try await engine.freshURL()
        let setup = try await Database.open(url, poolSize: 1)
        try await SchemaMigrator(database: setup).sync()
        let admin = NovaStore(database: setup)
        defer { admin.close() }
        var nodes: [String] = []
        for n in 0..<3 {
            // VCPU is the limit: 10 claims of 1 per node; memory and disk would allow 20.
            let node = try await admin.updateComputeNode(
                Fixtures.node(host: "h", name: "n\(n)"),
                inventory: Fixtures.inventory(vcpus: 10, ram: 10240, disk: 100))
            nodes.append(node.uuid)
        }
        // Four "processes": each its own pool of connections to the same database.
        var stores: [NovaStore] = []
        for _ in 0..<4 { stores.append(NovaStore(database: try await Database.open(url, poolSize: 2))) }
        defer { for s in stores { s.close() } }
        let claimers = stores
        let nodeList = nodes
        let won = try await withThrowingTaskGroup(of: Int.self) { g in
            for (k, store) in claimers.enumerated() {
                for t in 0..<3 {
                    g.addTask {
                        // Each claimer keeps claiming on every node, in its own order, until all are full.
                        var wins = 0
                        var open = Set(nodeList)
                        var i = k + t
                        while !open.isEmpty {
                            let node = nodeList[i % nodeList.count]
                            i += 1
                            guard open.contains(node) else { continue }
                            do {
                                try await store.claim(
                                    consumer: UUID().uuidString, nodeUUID: node, vcpus: 1,
                                    memoryMB: 512, diskGB: 5)
                                wins += 1
                            } catch is ClaimFailed {
                                open.remove(node)
                            }
                        }
                        return wins
                    }
                }
            }
            return try await g.reduce(0, +)
        }
        #expect(won == 30)
        for node in nodes {
            let used = try await admin.usage(nodeUUID: node)
            #expect(used == ["VCPU": 10, "MEMORY_MB": 5120, "DISK_GB": 50])
        }
    }
}
