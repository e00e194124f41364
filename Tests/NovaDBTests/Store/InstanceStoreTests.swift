import Common
import Foundation
import NovaDB
import Testing

@Suite("Instances in the store, on both engines")
struct InstanceStoreTests {
    @Test("an instance round-trips with its flavor, metadata and system metadata", arguments: TestEngine.allCases)
    func roundTrip(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        var i = Fixtures.instance(name: "web-1")
        i.launchedAt = NovaTime.parse("2026-11-22T10:00:00.123456Z")
        i.keypairs = []
        let created = try await store.createInstance(i)
        #expect(created.id > 0)
        #expect(created.createdAt != nil)
        #expect(created.whatChanged().isEmpty)
        let got = try await store.instance(uuid: i.uuid)
        #expect(got.displayName == "web-1")
        #expect(got.vmState == .building)
        #expect(got.taskState == .scheduling)
        #expect(got.flavor == i.flavor)
        #expect(got.metadata == ["role": "web"])
        #expect(got.systemMetadata == ["image_base_image_ref": "img"])
        #expect(got.launchedAt == i.launchedAt)
        #expect(got.deleted == false)
        #expect(got.locked == false)
        #expect(got.name == String(format: "instance-%08x", got.id))
        // What comes back is a valid object: its primitive decodes again.
        #expect(try Instance.fromPrimitive(got.toPrimitive()).sameValues(as: got))
    }

    @Test("an unknown uuid is InstanceNotFound", arguments: TestEngine.allCases)
    func notFound(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        await #expect(throws: InstanceNotFound.self) { try await store.instance(uuid: "nope") }
    }

    @Test("save writes only the changes and honours the expected task state", arguments: TestEngine.allCases)
    func compareAndSwap(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        var i = try await store.createInstance(Fixtures.instance())
        i.vmState = .active
        i.taskState = nil
        i.metadata = ["role": "db", "tier": "1"]
        let saved = try await store.saveInstance(
            uuid: i.uuid, changes: i.changedValues,
            expectedTaskState: [TaskState.scheduling.rawValue])
        #expect(saved.vmState == .active)
        #expect(saved.taskState == nil)
        #expect(saved.metadata == ["role": "db", "tier": "1"])
        #expect(saved.updatedAt != nil)
        // The same expectation now fails: the task state moved on.
        await #expect {
            try await store.saveInstance(
                uuid: i.uuid, changes: ["task_state": "deleting"],
                expectedTaskState: [TaskState.scheduling.rawValue])
        } throws: { error in
            (error as? UnexpectedTaskStateError)?.fields["actual"] == .null
        }
        // An idle expectation (nil) matches.
        let deleting = try await store.saveInstance(
            uuid: i.uuid, changes: ["task_state": "deleting"],
            expectedTaskState: [nil])
        #expect(deleting.taskState == .deleting)
    }

    @Test("of two racing saves with the same expected task state, exactly one wins", arguments: TestEngine.allCases)
    func racingSaves(engine: TestEngine) async throws {
        let store = try await engine.openStore(poolSize: 4)
        defer { store.close() }
        let i = try await store.createInstance(Fixtures.instance())
        let results = await withTaskGroup(of: Bool.self) { g in
            for n in 0..<6 {
                g.addTask {
                    do {
                        _ = try await store.saveInstance(
                            uuid: i.uuid, changes: ["task_state": .string("t\(n)")],
                            expectedTaskState: ["scheduling"])
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await g.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 1)
    }

    @Test("destroy soft-deletes: hidden from reads unless asked for, frees allocations", arguments: TestEngine.allCases)
    func destroy(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        let i = try await store.createInstance(Fixtures.instance())
        try await store.createFault(instanceUUID: i.uuid, code: 500, message: "boom")
        let gone = try await store.destroyInstance(uuid: i.uuid)
        #expect(gone.deleted)
        #expect(gone.deletedAt != nil)
        await #expect(throws: InstanceNotFound.self) { try await store.instance(uuid: i.uuid) }
        let seen = try await store.instance(uuid: i.uuid, readDeleted: .yes, withFault: true)
        #expect(seen.deleted)
        #expect(seen.metadata == ["role": "web"])
        #expect(seen.fault?.message == "boom")
        #expect(try await store.instances().isEmpty)
        #expect(try await store.instances(filter: InstanceFilter(readDeleted: .only)).map(\.uuid) == [i.uuid])
        await #expect(throws: InstanceNotFound.self) { try await store.destroyInstance(uuid: i.uuid) }
        await #expect(throws: InstanceNotFound.self) {
            try await store.saveInstance(uuid: i.uuid, changes: ["vm_state": "active"])
        }
    }

    @Test("lists filter by project, host, node, states, name pattern and changes-since", arguments: TestEngine.allCases)
    func filters(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        let a = try await store.createInstance(Fixtures.instance(project: "p1", name: "web-1", host: "h1", node: "n1"))
        let b = try await store.createInstance(Fixtures.instance(project: "p1", name: "db-1", host: "h2", node: "n2"))
        let c = try await store.createInstance(Fixtures.instance(project: "p2", name: "web-2", host: "h1", node: "n1"))
        _ = try await store.saveInstance(uuid: b.uuid, changes: ["vm_state": "active", "task_state": .null])

        func uuids(_ f: InstanceFilter) async throws -> Set<String> {
            Set(try await store.instances(filter: f).map(\.uuid))
        }
        #expect(try await uuids(InstanceFilter(projectID: "p1")) == [a.uuid, b.uuid])
        #expect(try await uuids(InstanceFilter(host: "h1")) == [a.uuid, c.uuid])
        #expect(try await uuids(InstanceFilter(host: "h1", node: "n1")) == [a.uuid, c.uuid])
        var f = InstanceFilter()
        f.vmStates = ["active", "error"]
        #expect(try await uuids(f) == [b.uuid])
        f = InstanceFilter()
        f.taskStates = [nil]
        #expect(try await uuids(f) == [b.uuid])
        f = InstanceFilter()
        f.name = "^web-"
        #expect(try await uuids(f) == [a.uuid, c.uuid])
        f.name = "eb-1$"
        #expect(try await uuids(f) == [a.uuid])
        f = InstanceFilter()
        f.changesSince = Date(timeIntervalSinceNow: 3600)
        #expect(try await uuids(f).isEmpty)
        f.changesSince = Date(timeIntervalSinceNow: -3600)
        #expect(try await uuids(f) == [a.uuid, b.uuid, c.uuid])
        f = InstanceFilter()
        f.uuids = [a.uuid, "nope"]
        #expect(try await uuids(f) == [a.uuid])
    }

    @Test("a bad name pattern or sort key is InvalidInput", arguments: TestEngine.allCases)
    func badInput(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        var f = InstanceFilter()
        f.name = "web-(("
        await #expect(throws: InvalidInput.self) { try await store.instances(filter: f) }
        await #expect(throws: InvalidInput.self) { try await store.instances(sort: [.asc("user_data")]) }
        await #expect(throws: InvalidInput.self) { try await store.instances(limit: -1) }
        await #expect(throws: MarkerNotFound.self) { try await store.instances(marker: "nope") }
    }

    @Test("limit and marker page through a sorted list without gaps or repeats", arguments: TestEngine.allCases)
    func paging(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        var made: [Instance] = []
        for n in 0..<7 {
            // Two hosts and a NULL host, so the sort key repeats and has NULLs.
            let host: String? = n % 3 == 0 ? nil : "h\(n % 3)"
            made.append(try await store.createInstance(Fixtures.instance(name: "vm-\(n)", host: host)))
        }
        for sort in [[SortKey.asc("host")], [.desc("host"), .asc("display_name")], InstanceFilter.defaultSort] {
            let all = try await store.instances(sort: sort)
            #expect(all.count == 7)
            var paged: [Instance] = []
            var marker: String?
            while true {
                let page = try await store.instances(sort: sort, limit: 3, marker: marker)
                paged += page
                guard page.count == 3, let last = page.last else { break }
                marker = last.uuid
            }
            #expect(paged.map(\.uuid) == all.map(\.uuid), "sort \(sort)")
        }
        let byHost = try await store.instances(sort: [.asc("host"), .asc("id")]).map(\.host)
        #expect(byHost == [nil, nil, nil, "h1", "h1", "h2", "h2"])
        let byHostDesc = try await store.instances(sort: [.desc("host"), .asc("id")]).map(\.host)
        #expect(byHostDesc == ["h2", "h2", "h1", "h1", nil, nil, nil])
    }
}
