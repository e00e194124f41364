import Common
import Foundation
import NovaDB
import Testing

@Suite("Groups, migrations, actions, quotas, request specs and archiving, on both engines")
struct LifecycleStoreTests {
    @Test("a server group keeps members and policy and knows its hosts", arguments: TestEngine.allCases)
    func groups(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        let a = try await store.createInstance(Fixtures.instance(host: "h1"))
        let b = try await store.createInstance(Fixtures.instance(host: "h2"))
        var g = InstanceGroup()
        g.name = "web"
        g.policy = "anti-affinity"
        g.rules = ["max_server_per_host": "1"]
        g.projectID = "p1"
        g.userID = "u1"
        g.members = [a.uuid]
        let made = try await store.createInstanceGroup(g)
        #expect(made.members == [a.uuid])
        #expect(made.maxServerPerHost == 1)
        try await store.addInstanceGroupMembers(uuid: made.uuid, instanceUUIDs: [b.uuid, a.uuid])
        #expect(try await store.instanceGroup(uuid: made.uuid).members?.sorted() == [a.uuid, b.uuid].sorted())
        #expect(try await store.instanceGroupHosts(uuid: made.uuid) == ["h1", "h2"])
        #expect(try await store.instanceGroup(instanceUUID: b.uuid)?.uuid == made.uuid)
        #expect(try await store.quotaUsage(projectID: "p1").serverGroups == 1)
        _ = try await store.destroyInstance(uuid: b.uuid)
        #expect(try await store.instanceGroup(uuid: made.uuid).members == [a.uuid])
        var bad = InstanceGroup()
        bad.policy = "scatter"
        await #expect(throws: InvalidInput.self) { try await store.createInstanceGroup(bad) }
        try await store.deleteInstanceGroup(uuid: made.uuid)
        await #expect(throws: InstanceGroupNotFound.self) { try await store.instanceGroup(uuid: made.uuid) }
    }

    @Test("migrations are saved and listed; in-progress ones by host", arguments: TestEngine.allCases)
    func migrations(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        let i = try await store.createInstance(Fixtures.instance(host: "h1"))
        var m = Migration()
        m.instanceUUID = i.uuid
        m.sourceCompute = "h1"
        m.destCompute = "h2"
        m.migrationType = .resize
        m.status = "pre-migrating"
        let made = try await store.createMigration(m)
        #expect(!made.uuid.isEmpty)
        #expect(made.hidden == false)
        #expect(try await store.migrationsInProgress(host: "h2").map(\.uuid) == [made.uuid])
        let done = try await store.saveMigration(uuid: made.uuid, changes: ["status": "confirmed"])
        #expect(done.status == "confirmed")
        #expect(try await store.migrationsInProgress(host: "h2").isEmpty)
        var f = MigrationFilter(instanceUUID: i.uuid)
        f.migrationType = .resize
        #expect(try await store.migrations(filter: f).map(\.uuid) == [made.uuid])
        await #expect(throws: MigrationNotFound.self) { try await store.saveMigration(uuid: "nope", changes: [:]) }
    }

    @Test("actions record events; an error marks the action", arguments: TestEngine.allCases)
    func actions(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        let i = try await store.createInstance(Fixtures.instance())
        try await store.actionStart(
            instanceUUID: i.uuid, action: "create", requestID: "req-1", userID: "u1",
            projectID: "p1")
        try await store.eventStart(instanceUUID: i.uuid, requestID: "req-1", event: "conductor_schedule", host: "c1")
        try await store.eventFinish(
            instanceUUID: i.uuid, requestID: "req-1", event: "conductor_schedule", host: "c1",
            result: "Success")
        // Without a request id, events go to the instance's latest action.
        try await store.actionStart(
            instanceUUID: i.uuid, action: "reboot", requestID: "req-2", userID: "u1",
            projectID: "p1")
        try await store.eventStart(instanceUUID: i.uuid, requestID: nil, event: "compute_reboot_instance", host: "h1")
        try await store.eventFinish(
            instanceUUID: i.uuid, requestID: nil, event: "compute_reboot_instance", host: "h1",
            result: "Error", traceback: "Traceback...")
        let actions = try await store.actions(instanceUUID: i.uuid)
        #expect(actions.map(\.requestID) == ["req-2", "req-1"])
        #expect(actions[0].message == "Error")
        #expect(actions[1].message == nil)
        let events = try await store.events(actionID: actions[0].id)
        #expect(events.map(\.event) == ["compute_reboot_instance"])
        #expect(events[0].result == "Error" && events[0].finishTime != nil && events[0].traceback == "Traceback...")
        #expect(try await store.action(instanceUUID: i.uuid, requestID: "req-1").action == "create")
        #expect(try await store.actions(instanceUUID: i.uuid, marker: "req-2").map(\.requestID) == ["req-1"])
        await #expect(throws: InstanceActionNotFound.self) {
            try await store.eventStart(instanceUUID: i.uuid, requestID: "req-9", event: "x", host: nil)
        }
        await #expect(throws: InstanceNotFound.self) {
            try await store.actionStart(
                instanceUUID: "nope", action: "create", requestID: "r", userID: nil, projectID: nil)
        }
    }

    @Test("quota limits layer project over defaults; usage counts live instances", arguments: TestEngine.allCases)
    func quotas(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        try await store.setDefaultQuota(resource: "instances", limit: 20)
        try await store.setProjectQuota(projectID: "p1", resource: "cores", limit: 4)
        try await store.setProjectQuota(projectID: "p1", resource: "cores", limit: 8)
        let limits = try await store.effectiveQuotas(
            projectID: "p1", builtIn: ["instances": 10, "cores": 20, "ram": 51200])
        #expect(limits == ["instances": 20, "cores": 8, "ram": 51200])
        _ = try await store.createInstance(
            Fixtures.instance(project: "p1", flavor: Fixtures.flavor(vcpus: 2, ram: 1024)))
        let gone = try await store.createInstance(Fixtures.instance(project: "p1"))
        _ = try await store.createInstance(Fixtures.instance(project: "p2"))
        _ = try await store.destroyInstance(uuid: gone.uuid)
        #expect(
            try await store.quotaUsage(projectID: "p1") == NovaStore.QuotaUsage(instances: 1, cores: 2, ramMB: 1024))
        try await store.deleteProjectQuotas(projectID: "p1")
        #expect(try await store.projectQuotas(projectID: "p1").isEmpty)
    }

    @Test("a request spec is stored per instance and replaced on save", arguments: TestEngine.allCases)
    func requestSpecs(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        var spec = RequestSpec()
        spec.instanceUUID = "abc"
        spec.flavor = Fixtures.flavor()
        spec.projectID = "p1"
        spec.numInstances = 1
        spec.isBFV = false
        spec.schedulerHints = ["group": ["g1"]]
        let saved = try await store.saveRequestSpec(spec)
        #expect(saved.id > 0)
        var got = try #require(try await store.requestSpec(instanceUUID: "abc"))
        #expect(got.flavor == spec.flavor)
        #expect(got.schedulerHints == ["group": ["g1"]])
        got.availabilityZone = "az1"
        try await store.saveRequestSpec(got)
        #expect(try await store.requestSpec(instanceUUID: "abc")?.availabilityZone == "az1")
        try await store.deleteRequestSpec(instanceUUID: "abc")
        #expect(try await store.requestSpec(instanceUUID: "abc") == nil)
    }

    @Test(
        "archive moves deleted instances with their rows to shadow tables; purge empties them",
        arguments: TestEngine.allCases)
    func archiveAndPurge(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        let keep = try await store.createInstance(Fixtures.instance(name: "keep"))
        var gone: [Instance] = []
        for n in 0..<3 {
            let i = try await store.createInstance(Fixtures.instance(name: "gone-\(n)"))
            try await store.actionStart(
                instanceUUID: i.uuid, action: "create", requestID: "r\(n)", userID: "u", projectID: "p")
            try await store.eventStart(instanceUUID: i.uuid, requestID: "r\(n)", event: "e", host: nil)
            try await store.createFault(instanceUUID: i.uuid, code: 500, message: "x")
            var spec = RequestSpec()
            spec.instanceUUID = i.uuid
            spec.flavor = Fixtures.flavor()
            try await store.saveRequestSpec(spec)
            gone.append(try await store.destroyInstance(uuid: i.uuid))
        }
        let svc = try await store.reportService(Service(host: "old", binary: "nova-scheduler", topic: "scheduler"))
        try await store.deleteService(id: svc.id)

        // Nothing is older than an hour ago.
        #expect(try await store.archiveDeletedRows(before: Date(timeIntervalSinceNow: -3600)).isEmpty)
        let first = try await store.archiveDeletedRows(maxRows: 2)
        #expect(first["instances"] == 2)
        #expect(
            first["instance_actions"] == 2 && first["instance_actions_events"] == 2 && first["instance_faults"] == 2)
        #expect(first["instance_metadata"] == 2 && first["instance_system_metadata"] == 2)
        #expect(first["services"] == nil)
        let second = try await store.archiveDeletedRows(maxRows: 10)
        #expect(second["instances"] == 1 && second["services"] == 1)
        #expect(try await store.archiveDeletedRows().isEmpty)

        #expect(try await store.instances(filter: InstanceFilter(readDeleted: .yes)).map(\.uuid) == [keep.uuid])
        #expect(try await store.requestSpec(instanceUUID: gone[0].uuid) == nil)
        #expect(try await store.instance(uuid: keep.uuid).metadata == ["role": "web"])
        let shadow = try await store.shadowRowCounts()
        #expect(shadow["shadow_instances"] == 3 && shadow["shadow_services"] == 1)
        #expect(try await store.purgeShadowTables(before: Date(timeIntervalSinceNow: -3600)).isEmpty)
        let purged = try await store.purgeShadowTables()
        #expect(purged["shadow_instances"] == 3)
        #expect(try await store.shadowRowCounts().values.allSatisfy { $0 == 0 })
        await #expect(throws: InvalidInput.self) { try await store.archiveDeletedRows(maxRows: 0) }
    }
}
