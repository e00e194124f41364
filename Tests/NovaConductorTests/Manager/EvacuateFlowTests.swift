import Common
import Foundation
import NovaCompute
import Testing
@testable import NovaConductor

/// Evacuate end to end over the in-process bus: the conductor, a stub scheduler and real nova-compute services
/// (fake driver), the store in memory. Each test gets its own bus.
@Suite struct EvacuateFlowTests {
    let url = "fake:///evacuate-" + UUID().uuidString
    let store = MemoryStore()
    let ctx = RequestContext(isAdmin: true)

    func conf(_ extra: [String: ConfigValue] = [:]) -> Config {
        var o: [String: ConfigValue] = ["rpc_response_timeout": .int(5), "report_interval": .int(3600),
                                        "update_resources_interval": .int(3600), "reserved_host_memory_mb": .int(0)]
        for (k, v) in extra { o[k] = v }
        return Config(definitions: NovaOptions.all, overrides: o)
    }

    /// The conductor, a scheduler offering `schedulerHosts` in order, and one compute per host.
    func start(schedulerHosts: [String], computes: [String]) async throws -> ([String: ComputeService],
                                                                               [Task<Void, any Error>]) {
        let c = conf(["host": .string("cond")])
        _ = try await ConductorService(conf: c, transport: try TransportFactory.make(url: url), store: store)
            .server.start()
        try await RPCServer(conf: c, transport: try TransportFactory.make(url: url), topic: "scheduler",
                            endpoints: [StubScheduler(store: store, hosts: schedulerHosts)]).start()
        var services: [String: ComputeService] = [:]
        var tasks: [Task<Void, any Error>] = []
        for h in computes {
            store.setCapacity(node: "uuid-\(h)", [32, 65536, 1000])
            let svc = ComputeService(conf: conf(["host": .string(h)]), transport: try TransportFactory.make(url: url))
            services[h] = svc
            tasks.append(Task { try await svc.run() })
        }
        for h in computes {
            for _ in 0..<400 where try await store.computeNode(host: h, nodename: h) == nil {
                try await Task.sleep(for: .milliseconds(25))
            }
        }
        return (services, tasks)
    }

    func newInstance() -> Instance {
        var f = Flavor()
        f.vcpus = 1
        f.memoryMB = 512
        f.set("root_gb", 0)
        f.set("ephemeral_gb", 0)
        f.set("swap", 0)
        var i = Instance()
        i.uuid = UUID().uuidString.lowercased()
        i.vmState = .building
        i.taskState = .scheduling
        i.flavor = f
        i.set("deleted", false)
        store.add(i)
        return i
    }

    /// Boots `i` (forced onto `forcedHost` when given, as `availability_zone` `nova:host` does) and waits
    /// until it is ACTIVE. The request spec is stored, as nova-api stores it.
    func bootActive(_ i: Instance, forcedHost: String? = nil) async throws -> Instance {
        var spec = RequestSpec()
        spec.flavor = i.flavor
        spec.instanceUUID = i.uuid
        if let forcedHost { spec.forceHosts = [forcedHost] }
        store.setRequestSpec(spec)
        try await ComputeTaskAPI(conf: conf(), transport: try TransportFactory.make(url: url))
            .scheduleAndBuildInstances(ctx, requestSpecs: [spec], instanceUUIDs: [i.uuid])
        return try await until(i.uuid) { $0.vmState == .active && $0.taskState == nil }
    }

    /// Casts the evacuation as nova-api does after its checks (task_state rebuilding).
    func evacuate(_ i: Instance) async throws {
        let saved = try await store.saveInstance(uuid: i.uuid, changes: ["task_state": "rebuilding"],
                                                 expectedTaskState: nil)
        try await ComputeTaskAPI(conf: conf(), transport: try TransportFactory.make(url: url))
            .rebuildInstance(ctx, instance: saved, host: nil, requestSpec: nil)
    }

    /// Polls the stored instance (up to 20 s) until `done` holds; returns it either way.
    func until(_ uuid: String, _ done: (Instance) -> Bool) async throws -> Instance {
        for _ in 0..<400 {
            let i = try await store.instance(uuid: uuid)
            if done(i) { return i }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await store.instance(uuid: uuid)
    }

    func waitFor(_ what: () async -> Bool) async throws {
        for _ in 0..<400 where !(await what()) { try await Task.sleep(for: .milliseconds(50)) }
    }

    @Test func evacuateRebuildsOnAnotherHostAndTheReturningSourceCleansUp() async throws {
        let (svc, tasks) = try await start(schedulerHosts: ["e1", "e2"], computes: ["e1", "e2"])
        defer { tasks.forEach { $0.cancel() } }
        let source = try #require(svc["e1"]).manager
        let dest = try #require(svc["e2"]).manager
        let i = try await bootActive(newInstance())
        #expect(i.host == "e1")

        try await evacuate(i)
        let moved = try await until(i.uuid) { $0.host == "e2" && $0.taskState == nil }
        #expect(moved.host == "e2" && moved.node == "e2")
        #expect(moved.vmState == .active && moved.powerStateValue == .running)
        #expect(store.allocation(i.uuid) == "uuid-e2")
        try await waitFor { store.migrations(of: i.uuid).first?.status == "done" }
        let m = try #require(store.migrations(of: i.uuid).first)
        #expect(m.status == "done" && m.migrationType == .evacuation)
        #expect(m.sourceCompute == "e1" && m.destCompute == "e2" && m.destNode == "e2")
        #expect(await dest.driver.listInstances().contains(i.uuid))
        // The source never heard of it: its guest is still there until it catches up.
        #expect(await source.driver.listInstances().contains(i.uuid))

        try await source.updateAvailableResource(ctx)
        #expect(!(await source.driver.listInstances().contains(i.uuid)))
        #expect(await source.tracker.holding(i.uuid) == nil)
        #expect(await source.tracker.computeNodeReport(node: "e1")?.runningVMs == 0)
        #expect(store.migrations(of: i.uuid).first?.status == "completed")
        // The evacuated server is left as it is on its new host.
        #expect(await dest.driver.powerState(instanceUUID: i.uuid) == .running)
        #expect(try await store.instance(uuid: i.uuid).host == "e2")
    }

    @Test func aServerBootedOntoAForcedHostIsEvacuatedElsewhere() async throws {
        let (_, tasks) = try await start(schedulerHosts: ["f1", "f2", "f3"], computes: ["f1", "f2", "f3"])
        defer { tasks.forEach { $0.cancel() } }
        let i = try await bootActive(newInstance(), forcedHost: "f2")
        #expect(i.host == "f2")
        try await evacuate(i)
        let moved = try await until(i.uuid) { $0.host != "f2" && $0.taskState == nil }
        #expect(moved.host == "f1" && moved.vmState == .active)
        try await waitFor { store.migrations(of: i.uuid).first?.status == "done" }
        #expect(store.migrations(of: i.uuid).map(\.status) == ["done"])
    }

    @Test func evacuateFromAHostWhoseComputeIsUpIsRefusedWithoutAMigration() async throws {
        let (_, tasks) = try await start(schedulerHosts: ["u1", "u2"], computes: ["u1", "u2"])
        defer { tasks.forEach { $0.cancel() } }
        let i = try await bootActive(newInstance())
        store.setUp("u1")
        try await evacuate(i)
        let after = try await until(i.uuid) { $0.taskState == nil }
        #expect(after.host == "u1" && after.vmState == .active)
        #expect(store.fault(i.uuid) == "Compute service of u1 is still in use.")
        #expect(store.migrations(of: i.uuid).isEmpty)
        #expect(store.allocation(i.uuid) == "uuid-u1")
    }

    @Test func whenNoOtherHostFitsTheEvacuationEndsInErrorAndTheServerStays() async throws {
        let (_, tasks) = try await start(schedulerHosts: ["n1"], computes: ["n1"])
        defer { tasks.forEach { $0.cancel() } }
        let i = try await bootActive(newInstance())
        try await evacuate(i)
        let after = try await until(i.uuid) { $0.taskState == nil }
        #expect(after.host == "n1" && after.vmState == .active)
        try await waitFor { store.migrations(of: i.uuid).first?.status == "error" }
        #expect(store.migrations(of: i.uuid).map(\.status) == ["error"])
        #expect(store.fault(i.uuid) == "No valid host was found. There are not enough hosts available.")
    }
}
