import Common
import Foundation
import NovaDB
import Testing

/// Failing builds that will not finish, and refusing claims nothing would free (the crash tests' fixes).
@Suite("Failed builds give their claims back on both engines")
struct FailedBuildStoreTests {
    /// A store with one node and an instance of flavor 1/512/1 claimed on it (host and node set when `placed`).
    func claimedInstance(_ store: NovaStore, placed: Bool) async throws -> (Instance, ComputeNode) {
        let node = try await store.updateComputeNode(
            Fixtures.node(host: "h1", name: "n1"), inventory: Fixtures.inventory(vcpus: 8, ram: 8192, disk: 100))
        let i = try await store.createInstance(Fixtures.instance(host: placed ? "h1" : nil, node: placed ? "n1" : nil))
        try await store.claim(consumer: i.uuid, nodeUUID: node.uuid, vcpus: 1, memoryMB: 512, diskGB: 1)
        return (i, node)
    }

    @Test("failBuild: ERROR, no host, a fault and no allocation, once", arguments: TestEngine.allCases)
    func failBuild(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        let (i, node) = try await claimedInstance(store, placed: true)
        #expect(try await store.failBuild(uuid: i.uuid, message: "No valid host", details: "why"))
        let failed = try await store.instance(uuid: i.uuid)
        #expect(failed.vmState == .error)
        #expect(failed.taskState == nil)
        #expect(failed.host == nil && failed.node == nil)
        #expect(try await store.faults(instanceUUID: i.uuid).map(\.message) == ["No valid host"])
        #expect(try await store.usage(nodeUUID: node.uuid).isEmpty)
        // Already failed: nothing changes, no second fault.
        #expect(try await store.failBuild(uuid: i.uuid, message: "again", details: nil) == false)
        #expect(try await store.faults(instanceUUID: i.uuid).count == 1)
    }

    @Test("failBuild leaves a server that is running on its host alone", arguments: TestEngine.allCases)
    func failBuildSparesActive(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        let (i, node) = try await claimedInstance(store, placed: true)
        _ = try await store.saveInstance(
            uuid: i.uuid, changes: ["vm_state": "active", "task_state": .null], expectedTaskState: nil,
            expectedVMState: nil)
        #expect(try await store.failBuild(uuid: i.uuid, message: "late", details: nil) == false)
        #expect(try await store.instance(uuid: i.uuid).vmState == .active)
        #expect(try await store.usage(nodeUUID: node.uuid) == ["VCPU": 1, "MEMORY_MB": 512, "DISK_GB": 1])
    }

    @Test("only builds on no host created before the cutoff time out", arguments: TestEngine.allCases)
    func failUnscheduledBuilds(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        let (hostless, node) = try await claimedInstance(store, placed: false)
        let placed = try await store.createInstance(Fixtures.instance(host: "h1", node: "n1"))
        #expect(try await store.failUnscheduledBuilds(createdBefore: Date().addingTimeInterval(-60), message: "t")
            .isEmpty)
        let failed = try await store.failUnscheduledBuilds(createdBefore: Date().addingTimeInterval(5), message: "t")
        #expect(failed == [hostless.uuid])
        #expect(try await store.instance(uuid: hostless.uuid).vmState == .error)
        #expect(try await store.faults(instanceUUID: hostless.uuid).map(\.message) == ["t"])
        #expect(try await store.usage(nodeUUID: node.uuid).isEmpty)
        #expect(try await store.instance(uuid: placed.uuid).vmState == .building)
    }

    @Test("a claim for a deleted server or a failed unplaced build is refused", arguments: TestEngine.allCases)
    func claimsForGoneConsumersAreRefused(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        let (failed, node) = try await claimedInstance(store, placed: false)
        try await store.failBuild(uuid: failed.uuid, message: "gave up", details: nil)
        await #expect(throws: UnexpectedVMStateError.self) {
            try await store.claim(consumer: failed.uuid, nodeUUID: node.uuid, vcpus: 1, memoryMB: 512, diskGB: 1)
        }
        let deleted = try await store.createInstance(Fixtures.instance())
        _ = try await store.destroyInstance(uuid: deleted.uuid)
        await #expect(throws: InstanceNotFound.self) {
            try await store.claim(consumer: deleted.uuid, nodeUUID: node.uuid, vcpus: 1, memoryMB: 512, diskGB: 1)
        }
        #expect(try await store.usage(nodeUUID: node.uuid).isEmpty)
        // A live build and a consumer that is no instance (a migration) still claim.
        let live = try await store.createInstance(Fixtures.instance())
        try await store.claim(consumer: live.uuid, nodeUUID: node.uuid, vcpus: 1, memoryMB: 512, diskGB: 1)
        try await store.claim(consumer: "migration-1", nodeUUID: node.uuid, vcpus: 1, memoryMB: 512, diskGB: 1)
        #expect(try await store.usage(nodeUUID: node.uuid)["VCPU"] == 2)
    }
}
