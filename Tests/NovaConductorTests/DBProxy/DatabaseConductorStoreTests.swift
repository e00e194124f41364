import Common
import Foundation
import NovaDB
import NovaTestSupport
import Testing

@testable import NovaConductor

/// The `ConductorStore` contract, run against the database-backed store on SQLite and PostgreSQL.
@Suite("DatabaseConductorStore keeps the ConductorStore contract")
struct DatabaseConductorStoreTests {
    enum Engine: String, CaseIterable, Sendable { case sqlite, postgresql }

    struct Fixture {
        let db: NovaStore
        let store: DatabaseConductorStore
    }

    func open(_ engine: Engine) async throws -> Fixture {
        let url: String
        switch engine {
        case .sqlite:
            url =
                "sqlite:///"
                + FileManager.default.temporaryDirectory
                .appendingPathComponent("conductor-store-\(UUID().uuidString).sqlite").path
        case .postgresql:
            url = try await PostgresTestServer.newDatabase("conductor")
        }
        let database = try await Database.open(url, poolSize: 2)
        try await SchemaMigrator(database: database).sync()
        let db = NovaStore(database: database)
        return Fixture(db: db, store: DatabaseConductorStore(store: db, serviceDownTime: 60))
    }

    func instance(host: String?, taskState: TaskState? = .scheduling) -> Instance {
        var i = Instance()
        i.uuid = UUID().uuidString.lowercased()
        i.projectID = "p"
        i.userID = "u"
        i.host = host
        i.vmState = .building
        i.taskState = taskState
        i.vcpus = 1
        i.memoryMB = 512
        return i
    }

    func node(_ host: String, _ name: String) -> ComputeNode {
        var n = ComputeNode()
        n.host = host
        n.hypervisorHostname = name
        n.vcpus = 2
        n.memoryMB = 2048
        n.localGB = 20
        n.hypervisorType = "fake"
        n.cpuAllocationRatio = 1
        n.ramAllocationRatio = 1
        n.diskAllocationRatio = 1
        return n
    }

    let inventory: JSONValue = [
        "VCPU": ["total": 2, "reserved": 0, "allocation_ratio": 1.0],
        "MEMORY_MB": ["total": 2048, "reserved": 0, "allocation_ratio": 1.0],
        "DISK_GB": ["total": 20, "reserved": 0, "allocation_ratio": 1.0],
    ]

    @Test("instances: read, save with expected task state, list by host, destroy", arguments: Engine.allCases)
    func instances(engine: Engine) async throws {
        let f = try await open(engine)
        defer { f.db.close() }
        let a = try await f.db.createInstance(instance(host: "h1"))
        _ = try await f.db.createInstance(instance(host: "h2"))
        #expect(try await f.store.instance(uuid: a.uuid).host == "h1")
        await #expect(throws: InstanceNotFound.self) { try await f.store.instance(uuid: "missing") }
        let saved = try await f.store.saveInstance(
            uuid: a.uuid, changes: ["task_state": "spawning"],
            expectedTaskState: ["scheduling"])
        #expect(saved.taskState == .spawning)
        await #expect(throws: UnexpectedTaskStateError.self) {
            try await f.store.saveInstance(
                uuid: a.uuid, changes: ["task_state": .null], expectedTaskState: ["scheduling"])
        }
        #expect(try await f.store.instances(host: "h1").map(\.uuid) == [a.uuid])
        let gone = try await f.store.destroyInstance(uuid: a.uuid)
        #expect(gone.deleted)
        #expect(try await f.store.instances(host: "h1").isEmpty)
        await #expect(throws: InstanceNotFound.self) { try await f.store.instance(uuid: a.uuid) }
    }

    @Test("Instance.save through the DB proxy writes the changes and returns them", arguments: Engine.allCases)
    func proxySave(engine: Engine) async throws {
        let f = try await open(engine)
        defer { f.db.close() }
        var i = try await f.db.createInstance(instance(host: "h1"))
        i.vmState = .active
        i.taskState = nil
        let proxy = DBProxyOperations(store: f.store)
        let reply = try await proxy.objectAction(i.toPrimitive(), "save", ["expected_task_state": ["scheduling"]])
        #expect(reply.arrayValue?.first?["vm_state"] == "active")
        #expect(try await f.store.instance(uuid: i.uuid).vmState == .active)
    }

    @Test("claims fit the node's inventory, replace the old ones and are freed on destroy", arguments: Engine.allCases)
    func claims(engine: Engine) async throws {
        let f = try await open(engine)
        defer { f.db.close() }
        let n1 = try await f.store.updateComputeNode(node("h1", "n1"), inventory: inventory)
        let n2 = try await f.store.updateComputeNode(node("h1", "n2"), inventory: [:])
        #expect(try await f.store.computeNode(host: "h1", nodename: "n1")?.uuid == n1.uuid)
        // An empty inventory report was derived from the node's totals.
        #expect(try await f.db.inventory(nodeUUID: n2.uuid).map(\.total).sorted() == [2, 20, 2048])
        let i = try await f.db.createInstance(instance(host: "h1"))
        try await f.store.claim(consumer: i.uuid, nodeUUID: n1.uuid, vcpus: 2, memoryMB: 1024, diskGB: 10)
        await #expect(throws: ClaimFailed.self) {
            try await f.store.claim(consumer: "other", nodeUUID: n1.uuid, vcpus: 1, memoryMB: 0, diskGB: 0)
        }
        try await f.store.claim(consumer: i.uuid, nodeUUID: n2.uuid, vcpus: 2, memoryMB: 1024, diskGB: 10)
        #expect(try await f.db.usage(nodeUUID: n1.uuid).isEmpty)
        // A move: the source claim goes to the migration, the instance claims the destination, revert undoes it.
        try await f.store.transferAllocations(from: i.uuid, to: "mig")
        try await f.store.claim(consumer: i.uuid, nodeUUID: n1.uuid, vcpus: 1, memoryMB: 512, diskGB: 5)
        #expect(try await f.db.usage(nodeUUID: n2.uuid)["VCPU"] == 2)
        try await f.store.revertMoveClaim(instance: i.uuid, migration: "mig")
        #expect(try await f.db.usage(nodeUUID: n1.uuid).isEmpty)
        #expect(try await f.db.usage(nodeUUID: n2.uuid)["VCPU"] == 2)
        _ = try await f.store.destroyInstance(uuid: i.uuid)
        #expect(try await f.db.usage(nodeUUID: n2.uuid).isEmpty)
        try await f.store.claim(consumer: "x", nodeUUID: n1.uuid, vcpus: 1, memoryMB: 1, diskGB: 1)
        try await f.store.freeAllocations(consumer: "x")
        #expect(try await f.db.usage(nodeUUID: n1.uuid).isEmpty)
    }

    @Test("migrations in progress by host; request spec absent until saved", arguments: Engine.allCases)
    func migrations(engine: Engine) async throws {
        let f = try await open(engine)
        defer { f.db.close() }
        let i = try await f.db.createInstance(instance(host: "h1"))
        #expect(try await f.store.requestSpec(instanceUUID: i.uuid) == nil)
        var m = Migration()
        m.instanceUUID = i.uuid
        m.sourceCompute = "h1"
        m.destCompute = "h2"
        m.status = "migrating"
        m.migrationType = .migration
        let made = try await f.store.createMigration(m)
        #expect(try await f.store.migrationsInProgress(host: "h1").map(\.uuid) == [made.uuid])
        _ = try await f.store.saveMigration(uuid: made.uuid, changes: ["status": "done"])
        #expect(try await f.store.migrationsInProgress(host: "h2").isEmpty)
    }

    @Test("MigrationList.get_by_filters through the DB proxy: a source's moves by type and status, source required",
          arguments: Engine.allCases)
    func migrationsByFilters(engine: Engine) async throws {
        let f = try await open(engine)
        defer { f.db.close() }
        let i = try await f.db.createInstance(instance(host: "h2"))
        func make(_ source: String, _ type: Migration.MigrationType, _ status: String) async throws -> String {
            var m = Migration()
            m.instanceUUID = i.uuid
            m.sourceCompute = source
            m.destCompute = "h2"
            m.status = status
            m.migrationType = type
            return try await f.store.createMigration(m).uuid
        }
        let done = try await make("h1", .evacuation, "done")
        let accepted = try await make("h1", .evacuation, "accepted")
        _ = try await make("h1", .evacuation, "completed")
        _ = try await make("h1", .resize, "done")
        _ = try await make("h3", .evacuation, "done")
        let proxy = DBProxyOperations(store: f.store)
        let reply = try await proxy.classAction("MigrationList", "get_by_filters", [
            "filters": ["source_compute": "h1", "status": ["accepted", "pre-migrating", "done"],
                        "migration_type": "evacuation"],
        ])
        let found = try MigrationList.fromPrimitive(reply).objects
        #expect(Set(found.map(\.uuid)) == [done, accepted])
        await #expect(throws: RPCAPIError.self) {
            _ = try await proxy.classAction("MigrationList", "get_by_filters", ["filters": ["status": "done"]])
        }
    }

    @Test("events land on the request's action (or the latest); faults are recorded", arguments: Engine.allCases)
    func eventsAndFaults(engine: Engine) async throws {
        let f = try await open(engine)
        defer { f.db.close() }
        let i = try await f.db.createInstance(instance(host: "h1"))
        try await f.db.actionStart(
            instanceUUID: i.uuid, action: "create", requestID: "req-a", userID: "u", projectID: "p")
        try await f.db.actionStart(
            instanceUUID: i.uuid, action: "reboot", requestID: "req-b", userID: "u", projectID: "p")
        try await RequestContext.$current.withValue(RequestContext(requestId: "req-a")) {
            try await f.store.eventStart(instanceUUID: i.uuid, event: "conductor_x", host: nil)
            try await f.store.eventFinish(
                instanceUUID: i.uuid, event: "conductor_x", host: nil, result: "Success",
                details: nil)
        }
        try await f.store.eventStart(instanceUUID: i.uuid, event: "compute_y", host: "h1")
        try await f.store.eventFinish(
            instanceUUID: i.uuid, event: "compute_y", host: "h1", result: "Error",
            details: "it broke")
        let a = try await f.db.action(instanceUUID: i.uuid, requestID: "req-a")
        let b = try await f.db.action(instanceUUID: i.uuid, requestID: "req-b")
        #expect(try await f.db.events(actionID: a.id).map(\.event) == ["conductor_x"])
        let bEvents = try await f.db.events(actionID: b.id)
        #expect(bEvents.map(\.event) == ["compute_y"])
        #expect(bEvents.first?.details == "it broke")
        #expect(b.message == "Error")
        try await f.store.createFault(
            instanceUUID: i.uuid, code: 500, message: "No valid host", details: nil, host: nil)
        #expect(try await f.db.instance(uuid: i.uuid, withFault: true).fault?.message == "No valid host")
    }

    @Test("heartbeats create the service, then count; a reported compute is up", arguments: Engine.allCases)
    func services(engine: Engine) async throws {
        let f = try await open(engine)
        defer { f.db.close() }
        #expect(try await f.store.isComputeUp(host: "h1") == false)
        let first = try await f.store.reportService(Service(host: "h1", binary: "nova-compute", topic: "compute"))
        let second = try await f.store.reportService(Service(host: "h1", binary: "nova-compute", topic: "compute"))
        #expect(second.id == first.id)
        #expect(second.reportCount == first.reportCount + 1)
        #expect(try await f.store.isComputeUp(host: "h1"))
        var down = second
        down.resetChanges()
        down.forcedDown = true
        _ = try await f.db.saveService(id: second.id, changes: down.changedValues)
        #expect(try await f.store.isComputeUp(host: "h1") == false)
    }
}
