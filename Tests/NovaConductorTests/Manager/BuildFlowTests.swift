import Common
import Foundation
import NovaCompute
import Testing
@testable import NovaConductor

/// A scheduler stand-in on topic `scheduler`: returns the configured hosts in order (primary first), less the
/// request's ignored hosts and only its forced ones when it has some, claiming the primary in the store as
/// the real one does, or NoValidHost when none is left.
struct StubScheduler: RPCEndpoint {
    let store: MemoryStore
    let hosts: [String]
    let version = RPCVersion(4, 5)
    var methods: [String: RPCMethod] {
        let (store, hosts) = (store, hosts)
        return [
            "select_destinations": { _, args in
                let spec = try RequestSpec.fromPrimitive(args["request_spec"] ?? .null)
                let ignored = Set(spec.ignoreHosts ?? [])
                let forced = Set(spec.forceHosts ?? [])
                let hosts = hosts.filter { !ignored.contains($0) && (forced.isEmpty || forced.contains($0)) }
                guard !hosts.isEmpty else { throw NoValidHost(reason: "There are not enough hosts available.") }
                let uuids = (args["instance_uuids"]?.arrayValue ?? []).compactMap { $0.stringValue }
                var out: [JSONValue] = []
                for uuid in uuids {
                    let sels = hosts.map { h -> Selection in
                        var s = Selection()
                        s.serviceHost = h
                        s.nodename = h
                        s.computeNodeUUID = "uuid-\(h)"
                        s.cellUUID = "00000000-0000-0000-0000-000000000000"
                        return s
                    }
                    let f = spec.flavor!
                    try await store.claim(consumer: uuid, nodeUUID: sels[0].computeNodeUUID, vcpus: f.vcpus,
                                          memoryMB: f.memoryMB, diskGB: 0)
                    out.append(.array(sels.map { $0.toPrimitive() }))
                }
                return .array(out)
            },
        ]
    }
}

@Suite struct BuildFlowTests {
    let url = "fake:///build-" + UUID().uuidString
    let store = MemoryStore()

    func conf(_ extra: [String: ConfigValue] = [:]) -> Config {
        var o: [String: ConfigValue] = ["rpc_response_timeout": .int(5), "report_interval": .int(3600),
                                        "update_resources_interval": .int(3600), "reserved_host_memory_mb": .int(0)]
        for (k, v) in extra { o[k] = v }
        return Config(definitions: NovaOptions.all, overrides: o)
    }

    /// Starts the conductor, the stub scheduler and one compute per (host, failing) pair.
    func start(schedulerHosts: [String], computes: [(String, Bool)]) async throws -> [Task<Void, any Error>] {
        let c = conf(["host": .string("cond")])
        _ = try await ConductorService(conf: c, transport: try TransportFactory.make(url: url), store: store)
            .server.start()
        try await RPCServer(conf: c, transport: try TransportFactory.make(url: url), topic: "scheduler",
                            endpoints: [StubScheduler(store: store, hosts: schedulerHosts)]).start()
        var tasks: [Task<Void, any Error>] = []
        for (h, failing) in computes {
            store.setCapacity(node: "uuid-\(h)", [32, 65536, 1000])
            let svc = ComputeService(conf: conf(["host": .string(h), "fake.fail_every_nth_spawn": .int(failing ? 1 : 0)]),
                                     transport: try TransportFactory.make(url: url))
            tasks.append(Task { try await svc.run() })
        }
        // init_host ends with the node reports: a build cast before that would be found mid-build and failed.
        for (h, _) in computes {
            for _ in 0..<400 where try await store.computeNode(host: h, nodename: h) == nil {
                try await Task.sleep(for: .milliseconds(25))
            }
        }
        return tasks
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

    func boot(_ i: Instance) async throws {
        var spec = RequestSpec()
        spec.flavor = i.flavor
        spec.instanceUUID = i.uuid
        let api = ComputeTaskAPI(conf: conf(), transport: try TransportFactory.make(url: url))
        try await api.scheduleAndBuildInstances(RequestContext(isAdmin: true), requestSpecs: [spec],
                                                instanceUUIDs: [i.uuid])
    }

    /// Waits (up to 20 s) until the instance leaves BUILD.
    func settled(_ uuid: String) async throws -> Instance {
        for _ in 0..<400 {
            let i = try await store.instance(uuid: uuid)
            if i.vmState != .building { return i }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await store.instance(uuid: uuid)
    }

    @Test func bootReachesActiveOnTheSelectedHostWithItsEvents() async throws {
        let tasks = try await start(schedulerHosts: ["a1"], computes: [("a1", false)])
        defer { tasks.forEach { $0.cancel() } }
        let i = newInstance()
        try await boot(i)
        let done = try await settled(i.uuid)
        #expect(done.vmState == .active)
        #expect(done.taskState == nil)
        #expect(done.powerStateValue == .running)
        #expect(done.host == "a1" && done.node == "a1")
        // The compute finishes its event after saving the server ACTIVE (as Nova's wrap_instance_event),
        // so the event may land a moment after the state does.
        var events = store.events(i.uuid)
        for _ in 0..<100 where !events.contains(where: { $0 == ("compute_build_and_run_instance", "Success") }) {
            try await Task.sleep(for: .milliseconds(20))
            events = store.events(i.uuid)
        }
        #expect(events.contains { $0 == ("conductor_schedule_and_build_instances", "Success") })
        #expect(events.contains { $0 == ("compute_build_and_run_instance", "Success") })
    }

    @Test func failedSpawnIsRescheduledToTheAlternate() async throws {
        let tasks = try await start(schedulerHosts: ["b1", "b2"], computes: [("b1", true), ("b2", false)])
        defer { tasks.forEach { $0.cancel() } }
        let i = newInstance()
        try await boot(i)
        let done = try await settled(i.uuid)
        #expect(done.vmState == .active)
        #expect(done.host == "b2")
        #expect(store.allocation(i.uuid) == "uuid-b2")
        #expect(store.events(i.uuid).contains { $0 == ("compute_build_and_run_instance", "Error") })
    }

    @Test func whenEveryHostFailsTheServerGoesToErrorWithTheRetryFault() async throws {
        let tasks = try await start(schedulerHosts: ["c1", "c2"], computes: [("c1", true), ("c2", true)])
        defer { tasks.forEach { $0.cancel() } }
        let i = newInstance()
        try await boot(i)
        let done = try await settled(i.uuid)
        #expect(done.vmState == .error)
        #expect(store.fault(i.uuid) == "Exceeded maximum number of retries. Exhausted all hosts available for "
                + "retrying build failures for instance \(i.uuid).")
        #expect(store.allocation(i.uuid) == nil)
    }

    @Test func noValidHostPutsTheServerInErrorWithTheSchedulersReason() async throws {
        let tasks = try await start(schedulerHosts: [], computes: [])
        defer { tasks.forEach { $0.cancel() } }
        let i = newInstance()
        try await boot(i)
        let done = try await settled(i.uuid)
        #expect(done.vmState == .error)
        #expect(store.fault(i.uuid) == "No valid host was found. There are not enough hosts available.")
    }
}
