import Common
import Foundation
import Testing
@testable import NovaCompute

/// A compute catching up with what happened while it was cut off: evacuated guests destroyed and their
/// migrations completed, guests of deleted servers reaped, the rest left alone; evacuate's rebuild failing.
@Suite struct ComputeReconcileTests {
    let ctx = RequestContext(isAdmin: true)
    let conductor = ScriptedConductor()

    func manager(_ extra: [String: ConfigValue] = [:]) async throws -> ComputeManager {
        var o: [String: ConfigValue] = ["host": .string("me"), "reserved_host_memory_mb": .int(0)]
        for (k, v) in extra { o[k] = v }
        let conf = Config(definitions: NovaOptions.all, overrides: o)
        let m = ComputeManager(conf: conf, driver: FakeDriver(conf: conf), conductor: conductor, peers: NoPeers())
        try await m.initHost(ctx)
        return m
    }

    func instance(host: String?, vmState: VMState = .active, taskState: TaskState? = nil) -> Instance {
        var i = Instance()
        i.uuid = UUID().uuidString.lowercased()
        i.host = host
        i.node = host
        i.vmState = vmState
        i.taskState = taskState
        i.vcpus = 1
        i.memoryMB = 512
        i.rootGB = 1
        return i
    }

    func evacuation(of i: Instance, status: String) -> Migration {
        var m = Migration()
        m.uuid = UUID().uuidString.lowercased()
        m.set("instance_uuid", i.uuid)
        m.sourceCompute = "me"
        m.sourceNode = "me"
        m.destCompute = "other"
        m.status = status
        m.migrationType = .evacuation
        return m
    }

    /// A server running here, as a build would leave it (guest spawned, claim held).
    func running(_ m: ComputeManager) async throws -> Instance {
        let i = instance(host: "me")
        conductor.put(i)
        try await m.driver.spawn(instance: i)
        try await m.tracker.claim(consumer: i.uuid, node: "me", amounts: ResourceAmounts(instance: i))
        return i
    }

    /// The control plane evacuates `i` to "other" while this host is cut off.
    func evacuatedMeanwhile(_ i: Instance) -> Migration {
        var moved = i
        moved.host = "other"
        moved.node = "other"
        conductor.put(moved)
        let m = evacuation(of: i, status: "done")
        conductor.put(m)
        return m
    }

    @Test func theFirstHeartbeatThatGetsThroughAgainDestroysTheEvacuatedGuest() async throws {
        let m = try await manager()
        let i = try await running(m)
        conductor.reachable = false
        await #expect(throws: ScriptedConductor.Unreachable.self) { try await m.heartbeat(ctx) }
        let mig = evacuatedMeanwhile(i)
        conductor.reachable = true
        #expect(await m.driver.listInstances() == [i.uuid])

        try await m.heartbeat(ctx)
        #expect(await m.driver.listInstances().isEmpty)
        #expect(await m.tracker.holding(i.uuid) == nil)
        #expect(conductor.migration(mig.uuid)?.status == "completed")
        #expect(conductor.reportedRunningVMs("me") == 0)
        #expect(conductor.instance(i.uuid)?.host == "other")
    }

    @Test func aHeartbeatWithoutAnOutageBeforeItDoesNotReconcile() async throws {
        let m = try await manager()
        let i = try await running(m)
        let mig = evacuatedMeanwhile(i)
        try await m.heartbeat(ctx)
        #expect(await m.driver.listInstances() == [i.uuid])
        #expect(conductor.migration(mig.uuid)?.status == "done")
        // The periodic usage rebuild converges anyway.
        try await m.updateAvailableResource(ctx)
        #expect(await m.driver.listInstances().isEmpty)
        #expect(conductor.migration(mig.uuid)?.status == "completed")
    }

    @Test func startUpDestroysWhatWasEvacuatedWhileTheServiceWasStopped() async throws {
        let first = try await manager()
        let i = try await running(first)
        let mig = evacuatedMeanwhile(i)
        // A real hypervisor keeps guests across a service restart: the new manager shares the driver.
        let conf = first.conf
        let again = ComputeManager(conf: conf, driver: first.driver, conductor: conductor, peers: NoPeers())
        try await again.initHost(ctx)
        #expect(await again.driver.listInstances().isEmpty)
        #expect(conductor.migration(mig.uuid)?.status == "completed")
    }

    @Test func anEvacuationThatHasNotMovedTheServerYetLeavesTheGuest() async throws {
        let m = try await manager()
        let i = try await running(m)
        let mig = evacuation(of: i, status: "pre-migrating")
        conductor.put(mig)
        try await m.reconcileWithDatabase(ctx)
        #expect(await m.driver.listInstances() == [i.uuid])
        #expect(conductor.migration(mig.uuid)?.status == "pre-migrating")
    }

    @Test func anEvacuatedServerDeletedSinceIsCleanedUpToo() async throws {
        let m = try await manager()
        let i = try await running(m)
        let mig = evacuatedMeanwhile(i)
        _ = try await conductor.instanceDestroy(ctx, i)
        try await m.reconcileWithDatabase(ctx)
        #expect(await m.driver.listInstances().isEmpty)
        #expect(conductor.migration(mig.uuid)?.status == "completed")
    }

    @Test func guestsOfServersDeletedMeanwhileAreReapedOthersStay() async throws {
        let m = try await manager()
        let deleted = try await running(m)
        let mine = try await running(m)
        // A resize's source keeps its guest while the server already lives on the destination.
        let resized = instance(host: "other")
        conductor.put(resized)
        try await m.driver.spawn(instance: resized)
        _ = try await conductor.instanceDestroy(ctx, deleted)

        try await m.reconcileWithDatabase(ctx)
        #expect(Set(await m.driver.listInstances()) == [mine.uuid, resized.uuid])
        #expect(await m.tracker.holding(deleted.uuid) == nil)
        #expect(await m.tracker.holding(mine.uuid) != nil)
    }

    @Test func anEvacuationsSourceSideHoldsNothingInTheUsageRebuild() async throws {
        let m = try await manager()
        let i = try await running(m)
        var moved = i
        moved.host = "other"
        conductor.put(moved)
        conductor.put(evacuation(of: i, status: "pre-migrating"))
        try await m.updateAvailableResource(ctx)
        #expect(await m.tracker.usage(node: "me") == .zero)
        #expect(conductor.reportedRunningVMs("me") == 0)
    }

    @Test func aRebuildThatFailsToSpawnLeavesTheServerInErrorHereAndTheMigrationFailed() async throws {
        let m = try await manager(["fake.fail_every_nth_spawn": .int(1)])
        var i = instance(host: "gone", taskState: .rebuilding)
        i.node = "gone"
        conductor.put(i)
        var mig = evacuation(of: i, status: "pre-migrating")
        mig.sourceCompute = "gone"
        mig.destCompute = "me"
        conductor.put(mig)
        await #expect(throws: SpawnFailed.self) {
            try await m.rebuildInstance(ctx, instance: i, recreate: true, node: "me", migration: mig)
        }
        let after = try #require(conductor.instance(i.uuid))
        #expect(after.host == "me" && after.vmState == .error && after.taskState == nil)
        #expect(conductor.migration(mig.uuid)?.status == "failed")
    }

    @Test func aRebuildThatDoesNotFitHereLeavesTheServerWhereItWas() async throws {
        let m = try await manager(["fake.memory_mb": .int(512)])
        _ = try await running(m)
        let i = instance(host: "gone", taskState: .rebuilding)
        conductor.put(i)
        var mig = evacuation(of: i, status: "pre-migrating")
        mig.sourceCompute = "gone"
        mig.destCompute = "me"
        conductor.put(mig)
        await #expect(throws: ComputeResourcesUnavailable.self) {
            try await m.rebuildInstance(ctx, instance: i, recreate: true, node: "me", migration: mig)
        }
        let after = try #require(conductor.instance(i.uuid))
        #expect(after.host == "gone" && after.vmState == .active && after.taskState == nil)
        #expect(conductor.migration(mig.uuid)?.status == "failed")
        #expect(await m.tracker.holding(i.uuid) == nil)
    }
}
