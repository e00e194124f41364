import Common
import Foundation
import NovaDB
import Testing

@Suite("Services, compute nodes and aggregates in the store, on both engines")
struct HostStoreTests {
    @Test("a heartbeat creates the service once, then counts reports", arguments: TestEngine.allCases)
    func heartbeat(engine: TestEngine) async throws {
        let store = try await engine.openStore(poolSize: 4)
        defer { store.close() }
        let svc = Service(host: "h1", binary: "nova-compute", topic: "compute")
        // Concurrent first reports still make one row.
        try await withThrowingTaskGroup(of: Void.self) { g in
            for _ in 0..<4 { g.addTask { _ = try await store.reportService(svc) } }
            try await g.waitForAll()
        }
        let rows = try await store.services(binary: "nova-compute")
        #expect(rows.count == 1)
        #expect(rows.first?.reportCount == 3)
        #expect(rows.first?.lastSeenUp != nil)
        #expect(rows.first?.uuid.isEmpty == false)
        let s = try #require(rows.first)
        #expect(NovaStore.isUp(s, serviceDownTime: 60))
        #expect(!NovaStore.isUp(s, serviceDownTime: 60, now: Date(timeIntervalSinceNow: 120)))
        #expect(try await store.isComputeUp(host: "h1", serviceDownTime: 60))
        #expect(try await store.isComputeUp(host: "h2", serviceDownTime: 60) == false)
    }

    @Test("services are disabled, forced down and deleted with their nodes", arguments: TestEngine.allCases)
    func serviceAdmin(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        let svc = try await store.reportService(Service(host: "h1", binary: "nova-compute", topic: "compute"))
        _ = try await store.reportService(Service(host: "c1", binary: "nova-conductor", topic: "conductor"))
        _ = try await store.updateComputeNode(Fixtures.node(host: "h1", name: "n1"), inventory: [])
        var change = svc
        change.resetChanges()
        change.disabled = true
        change.disabledReason = "maintenance"
        change.forcedDown = true
        let saved = try await store.saveService(id: svc.id, changes: change.changedValues)
        #expect(saved.disabled && saved.forcedDown && saved.disabledReason == "maintenance")
        #expect(!NovaStore.isUp(saved, serviceDownTime: 60))
        #expect(try await store.service(uuid: svc.uuid).id == svc.id)
        #expect(try await store.computeNodes(host: "h1").first?.serviceID == svc.id)
        try await store.deleteService(id: svc.id)
        await #expect(throws: ServiceNotFound.self) { try await store.service(id: svc.id) }
        #expect(try await store.computeNodes(host: "h1").isEmpty)
        #expect(try await store.computeNodes(readDeleted: .only).count == 1)
        #expect(try await store.services().map(\.binary) == ["nova-conductor"])
        // The host can register again.
        _ = try await store.reportService(Service(host: "h1", binary: "nova-compute", topic: "compute"))
        #expect(try await store.services(binary: "nova-compute").count == 1)
    }

    @Test("node usages give inventory and allocations per node for the scheduler", arguments: TestEngine.allCases)
    func nodeUsages(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        let n1 = try await store.updateComputeNode(
            Fixtures.node(host: "h1", name: "n1"),
            inventory: Fixtures.inventory(
                vcpus: 8, ram: 8192, disk: 80,
                ratios: [16, 1.5, 1]))
        let n2 = try await store.updateComputeNode(
            Fixtures.node(host: "h2", name: "n2"),
            inventory: Fixtures.inventory(vcpus: 4, ram: 4096, disk: 40))
        try await store.claim(consumer: "vm", nodeUUID: n1.uuid, vcpus: 2, memoryMB: 1024, diskGB: 10)
        let usages = try await store.nodeUsages()
        #expect(usages.map(\.node.uuid) == [n1.uuid, n2.uuid])
        #expect(usages[0].free(.vcpu) == 8 * 16 - 2)
        #expect(usages[0].free(.memoryMB) == 12288 - 1024)
        #expect(usages[1].free(.diskGB) == 40)
        #expect(try await store.nodeUsages(hosts: ["h2"]).map(\.node.uuid) == [n2.uuid])
        #expect(try await store.inventory(nodeUUID: n1.uuid).count == 3)
        #expect(try await store.computeNode(host: "h1", nodename: "n1")?.id == n1.id)
        #expect(try await store.computeNode(uuid: n2.uuid).hypervisorHostname == "n2")
        // A report without DISK_GB drops that inventory.
        _ = try await store.updateComputeNode(
            Fixtures.node(host: "h2", name: "n2"),
            inventory: [Inventory(.vcpu, total: 4), Inventory(.memoryMB, total: 4096)])
        #expect(try await store.inventory(nodeUUID: n2.uuid).map(\.resourceClass) == ["MEMORY_MB", "VCPU"])
    }

    @Test("aggregates keep hosts and metadata; an availability_zone key makes a zone", arguments: TestEngine.allCases)
    func aggregates(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        let agg = try await store.createAggregate(name: "rack1", availabilityZone: "az1")
        #expect(agg.availabilityZone == "az1")
        #expect(agg.hosts == [])
        _ = try await store.addAggregateHost(id: agg.id, host: "h1")
        let two = try await store.addAggregateHost(id: agg.id, host: "h2")
        #expect(two.hosts == ["h1", "h2"])
        await #expect(throws: AggregateHostExists.self) { try await store.addAggregateHost(id: agg.id, host: "h1") }
        await #expect(throws: AggregateNameExists.self) { try await store.createAggregate(name: "rack1") }
        let meta = try await store.updateAggregateMetadata(id: agg.id, ["ssd": "true", "availability_zone": nil])
        #expect(meta.metadata == ["ssd": "true"])
        #expect(try await store.aggregates(host: "h2").map(\.id) == [agg.id])
        #expect(try await store.aggregates(host: "h9").isEmpty)
        let renamed = try await store.updateAggregate(id: agg.id, name: "rack-one", availabilityZone: "az2")
        #expect(renamed.name == "rack-one" && renamed.availabilityZone == "az2")
        _ = try await store.removeAggregateHost(id: agg.id, host: "h1")
        await #expect(throws: AggregateHostNotFound.self) {
            try await store.removeAggregateHost(id: agg.id, host: "h1")
        }
        try await store.deleteAggregate(id: agg.id)
        await #expect(throws: AggregateNotFound.self) { try await store.aggregate(id: agg.id) }
        #expect(try await store.aggregates().isEmpty)
    }
}
