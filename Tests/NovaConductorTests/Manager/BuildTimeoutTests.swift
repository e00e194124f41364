import Common
import Foundation
import NovaDB
import Testing

@testable import NovaConductor

/// A scheduler stand-in that claims the instance on `node` at once and answers only after `delay`.
struct SlowScheduler: RPCEndpoint {
    let store: MemoryStore
    let node: String
    let delay: Duration
    let version = RPCVersion(4, 5)
    var methods: [String: RPCMethod] {
        let (store, node, delay) = (store, node, delay)
        return [
            "select_destinations": { _, args in
                let uuids = (args["instance_uuids"]?.arrayValue ?? []).compactMap { $0.stringValue }
                for u in uuids {
                    try await store.claim(consumer: u, nodeUUID: node, vcpus: 1, memoryMB: 512, diskGB: 0)
                }
                try await Task.sleep(for: delay)
                var s = Selection()
                s.serviceHost = "late"
                s.nodename = "late"
                s.computeNodeUUID = node
                return .array(uuids.map { _ in .array([s.toPrimitive()]) })
            },
        ]
    }
}

/// Builds that cannot finish end in ERROR with their claims given back (what the crash tests found).
@Suite struct BuildTimeoutTests {
    func newInstance() -> Instance {
        var i = Instance()
        i.uuid = UUID().uuidString.lowercased()
        i.projectID = "p"
        i.userID = "u"
        i.vmState = .building
        i.taskState = .scheduling
        i.vcpus = 1
        i.memoryMB = 512
        return i
    }

    /// The conductor that took the build died before handing it to a compute: no compute will time it out,
    /// so the (next) conductor's periodic check does, once `instance_build_timeout` has passed.
    @Test func aBuildLeftOnNoHostIsFailedAfterTheBuildTimeoutAndFreed() async throws {
        let path = NSTemporaryDirectory() + "build-timeout-\(UUID().uuidString).sqlite"
        defer { for s in ["", "-wal", "-shm"] { unlink(path + s) } }
        let database = try await Database.open("sqlite:///" + path, poolSize: 2)
        try await SchemaMigrator(database: database).sync()
        let db = NovaStore(database: database)
        defer { db.close() }
        var n = ComputeNode()
        n.host = "h1"
        n.hypervisorHostname = "h1"
        n.vcpus = 4
        n.memoryMB = 4096
        n.localGB = 10
        let node = try await db.updateComputeNode(n, inventory: [
            Inventory(.vcpu, total: 4), Inventory(.memoryMB, total: 4096), Inventory(.diskGB, total: 10),
        ])
        let stuck = try await db.createInstance(newInstance())
        try await db.claim(consumer: stuck.uuid, nodeUUID: node.uuid, vcpus: 1, memoryMB: 512, diskGB: 0)
        let conf = Config(definitions: NovaOptions.all, overrides: [:])
        let transport = try TransportFactory.make(url: "fake:///timeout-" + UUID().uuidString)
        let manager = ComputeTaskManager(store: DatabaseConductorStore(store: db, serviceDownTime: 60),
                                         scheduler: SchedulerRPCAPI(conf: conf, transport: transport),
                                         computes: ComputeRPCAPI(conf: conf, transport: transport))
        try await manager.checkUnscheduledBuildTime(timeout: 1)
        #expect(try await db.instance(uuid: stuck.uuid).vmState == .building, "younger than the timeout")
        try await manager.checkUnscheduledBuildTime(timeout: 0)  // disabled
        try await Task.sleep(for: .milliseconds(2100))
        try await manager.checkUnscheduledBuildTime(timeout: 1)
        let failed = try await db.instance(uuid: stuck.uuid, withFault: true)
        #expect(failed.vmState == .error && failed.taskState == nil)
        #expect(failed.fault?.message?.hasPrefix("Instance build timed out before reaching a compute host") == true)
        #expect(try await db.usage(nodeUUID: node.uuid).isEmpty)
    }

    /// The scheduler claimed, but its answer came after the conductor's call had timed out: the server goes
    /// to ERROR and the claim made for it must not stay behind.
    @Test func aSchedulerAnsweringTooLateLeavesNoClaim() async throws {
        let url = "fake:///late-" + UUID().uuidString
        let store = MemoryStore()
        store.setCapacity(node: "uuid-late", [8, 8192, 100])
        let overrides: [String: ConfigValue] = [
            "rpc_response_timeout": .int(1), "host": .string("cond"), "report_interval": .int(3600),
        ]
        let conf = Config(definitions: NovaOptions.all, overrides: overrides)
        let conductor = ConductorService(conf: conf, transport: try TransportFactory.make(url: url), store: store)
        try await conductor.server.start()
        let scheduler = RPCServer(conf: conf, transport: try TransportFactory.make(url: url), topic: "scheduler",
                                  endpoints: [SlowScheduler(store: store, node: "uuid-late", delay: .seconds(3))])
        try await scheduler.start()
        var i = newInstance()
        i.set("deleted", false)
        store.add(i)
        var spec = RequestSpec()
        spec.instanceUUID = i.uuid
        try await ComputeTaskAPI(conf: conf, transport: try TransportFactory.make(url: url))
            .scheduleAndBuildInstances(RequestContext(isAdmin: true), requestSpecs: [spec], instanceUUIDs: [i.uuid])
        var done = try await store.instance(uuid: i.uuid)
        for _ in 0..<200 where done.vmState == .building {
            try await Task.sleep(for: .milliseconds(25))
            done = try await store.instance(uuid: i.uuid)
        }
        #expect(done.vmState == .error)
        #expect(store.fault(i.uuid)?.contains("Timed out") == true, "fault: \(store.fault(i.uuid) ?? "none")")
        #expect(store.allocation(i.uuid) == nil)
        await scheduler.stop()
        await conductor.server.stop()
    }
}
