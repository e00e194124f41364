import Common
import Testing
@testable import NovaCompute

@Suite struct ResourceTrackerTests {
    static let node = NodeResources(nodename: "n1", vcpus: 4, memoryMB: 4096, localGB: 100)

    func tracker(ratio: Double = 1, reservedMB: Int = 512) async -> ResourceTracker {
        let t = ResourceTracker(host: "h1")
        await t.setInventory(NodeInventory(resources: Self.node,
                                           reserved: ResourceAmounts(vcpus: 0, memoryMB: reservedMB, diskGB: 0),
                                           cpuAllocationRatio: ratio))
        return t
    }

    func instance(_ uuid: String, host: String = "h1", node: String = "n1", vcpus: Int = 1, mem: Int = 1024,
                  disk: Int = 10, vm: VMState = .active) -> Instance {
        var f = Flavor()
        f.vcpus = vcpus
        f.memoryMB = mem
        f.set("root_gb", disk)
        f.set("ephemeral_gb", 0)
        f.set("swap", 0)
        var i = Instance()
        i.uuid = uuid
        i.host = host
        i.node = node
        i.vmState = vm
        i.flavor = f
        return i
    }

    @Test func inventoryFromConfigUsesReservationsAndInitialRatios() {
        let conf = Config(definitions: NovaOptions.all, overrides: ["reserved_host_memory_mb": .int(1024),
                                                                    "reserved_host_disk_mb": .int(1500),
                                                                    "reserved_host_cpus": .int(1),
                                                                    "ram_allocation_ratio": .float(1.5)])
        let inv = NodeInventory(resources: Self.node, conf: conf)
        #expect(inv.reserved == ResourceAmounts(vcpus: 1, memoryMB: 1024, diskGB: 2))
        #expect(inv.cpuAllocationRatio == 4.0)
        #expect(inv.ramAllocationRatio == 1.5)
        #expect(inv.diskAllocationRatio == 1.0)
        #expect(inv.capacity == ResourceAmounts(vcpus: 15, memoryMB: 5120, diskGB: 98))
    }

    @Test func claimsSucceedUntilMemoryRunsOut() async throws {
        let t = await tracker()
        // capacity: 4096 - 512 = 3584 MB → three 1024 MB instances fit, a fourth does not
        for n in 1...3 { try await t.claim(consumer: "i\(n)", node: "n1", amounts: .init(vcpus: 1, memoryMB: 1024)) }
        await #expect(throws: ComputeResourcesUnavailable.self) {
            try await t.claim(consumer: "i4", node: "n1", amounts: .init(vcpus: 1, memoryMB: 1024))
        }
        #expect(await t.usage(node: "n1") == ResourceAmounts(vcpus: 3, memoryMB: 3072, diskGB: 0))
        await t.drop("i1")
        try await t.claim(consumer: "i4", node: "n1", amounts: .init(vcpus: 1, memoryMB: 1024))
    }

    @Test func cpuOvercommitFollowsTheAllocationRatio() async throws {
        let t = await tracker(ratio: 2)
        for n in 1...8 { try await t.claim(consumer: "c\(n)", node: "n1", amounts: .init(vcpus: 1)) }
        await #expect(throws: ComputeResourcesUnavailable.self) {
            try await t.claim(consumer: "c9", node: "n1", amounts: .init(vcpus: 1))
        }
    }

    @Test func reclaimingForTheSameConsumerDoesNotCountItTwice() async throws {
        let t = await tracker()
        try await t.claim(consumer: "a", node: "n1", amounts: .init(memoryMB: 3000))
        try await t.claim(consumer: "a", node: "n1", amounts: .init(memoryMB: 3500))
        #expect(await t.usage(node: "n1").memoryMB == 3500)
    }

    @Test func claimOnAnUnknownNodeFails() async {
        let t = await tracker()
        await #expect(throws: ComputeResourcesUnavailable.self) {
            try await t.claim(consumer: "a", node: "other", amounts: .init(vcpus: 1))
        }
    }

    @Test func usageIsRebuiltFromTheInstancesOnThisHost() async throws {
        let t = await tracker()
        try await t.claim(consumer: "stale", node: "n1", amounts: .init(vcpus: 2, memoryMB: 2048))
        try await t.claim(consumer: "building", node: "n1", amounts: .init(vcpus: 1, memoryMB: 256))
        await t.rebuildUsage(instances: [
            instance("a"), instance("b", vcpus: 2, mem: 512),
            instance("gone", vm: .deleted), instance("elsewhere", host: "h2"),
        ], sourceMigrations: [], keep: ["building"])
        #expect(await t.usage(node: "n1") == ResourceAmounts(vcpus: 4, memoryMB: 1792, diskGB: 20))
        #expect(await t.holding("stale") == nil)
    }

    @Test func migrationSourceHoldsTheOldFlavorUntilConfirmed() async throws {
        let t = await tracker()
        var m = Migration()
        m.uuid = "m1"
        m.sourceCompute = "h1"
        m.sourceNode = "n1"
        await t.rebuildUsage(instances: [], sourceMigrations: [(m, ResourceAmounts(vcpus: 2, memoryMB: 1024))])
        #expect(await t.usage(node: "n1") == ResourceAmounts(vcpus: 2, memoryMB: 1024))
        await t.drop("m1")
        #expect(await t.usage(node: "n1") == .zero)
    }

    @Test func reportIncludesReservedMemoryInUsedAndCountsGuests() async throws {
        let t = await tracker()
        await t.rebuildUsage(instances: [instance("a"), instance("b")], sourceMigrations: [])
        let cn = try #require(await t.computeNodeReport(node: "n1"))
        #expect(cn.host == "h1" && cn.hypervisorHostname == "n1")
        #expect(cn.vcpus == 4 && cn.vcpusUsed == 2)
        #expect(cn.memoryMBUsed == 2048 + 512)
        #expect(cn.freeRamMB == 4096 - 2560)
        #expect(cn.localGBUsed == 20)
        #expect(cn.runningVMs == 2)
    }

    @Test func flavorDiskIncludesEphemeralAndSwapRoundedUp() {
        var f = Flavor()
        f.vcpus = 2
        f.memoryMB = 2048
        f.set("root_gb", 20)
        f.set("ephemeral_gb", 5)
        f.set("swap", 1500)
        #expect(ResourceAmounts(flavor: f) == ResourceAmounts(vcpus: 2, memoryMB: 2048, diskGB: 27))
    }
}
