import Common
import Testing
@testable import NovaCompute

@Suite struct FakeDriverTests {
    func conf(_ overrides: [String: ConfigValue]) -> Config {
        Config(definitions: NovaOptions.all, overrides: overrides)
    }

    func instance(_ uuid: String) -> Instance {
        var i = Instance()
        i.uuid = uuid
        i.displayName = "vm-\(uuid)"
        i.vcpus = 1
        i.memoryMB = 512
        return i
    }

    @Test func oneNodeIsNamedAfterTheHostAndSeveralGetSuffixes() {
        #expect(FakeDriver.nodenames(host: "cmp1", count: 1) == ["cmp1"])
        #expect(FakeDriver.nodenames(host: "cmp1", count: 3) == ["cmp1-node0", "cmp1-node1", "cmp1-node2"])
        let d = FakeDriver(conf: conf(["fake.nodes": .int(2)]), host: "h")
        #expect(d.nodenames == ["h-node0", "h-node1"])
    }

    @Test func nodeResourcesComeFromTheFakeSection() async throws {
        let d = FakeDriver(conf: conf(["fake.vcpus": .int(8), "fake.memory_mb": .int(4096),
                                       "fake.local_gb": .int(100)]), host: "h")
        let r = try await d.availableResource(node: "h")
        #expect(r.vcpus == 8 && r.memoryMB == 4096 && r.localGB == 100 && r.hypervisorType == "fake")
    }

    @Test func spawnRunsTheGuestAndPowerOperationsChangeItsState() async throws {
        let d = FakeDriver(conf: conf([:]), host: "h")
        try await d.spawn(instance: instance("a"))
        #expect(await d.powerState(instanceUUID: "a") == .running)
        try await d.powerOff(instanceUUID: "a")
        #expect(await d.powerState(instanceUUID: "a") == .shutdown)
        try await d.powerOn(instanceUUID: "a")
        try await d.pause(instanceUUID: "a")
        #expect(await d.powerState(instanceUUID: "a") == .paused)
        try await d.unpause(instanceUUID: "a")
        try await d.suspend(instanceUUID: "a")
        #expect(await d.powerState(instanceUUID: "a") == .suspended)
        try await d.resume(instanceUUID: "a")
        try await d.reboot(instanceUUID: "a", type: .hard)
        #expect(await d.powerState(instanceUUID: "a") == .running)
        let console = try await d.consoleOutput(instanceUUID: "a")
        #expect(console.contains("FAKE CONSOLE OUTPUT for a"))
        #expect(console.contains("Reboot (HARD)"))
        await d.destroy(instanceUUID: "a")
        #expect(await d.powerState(instanceUUID: "a") == .noState)
        #expect(await d.listInstances().isEmpty)
    }

    @Test func operationsOnAnUnknownGuestThrowInstanceNotFound() async {
        let d = FakeDriver(conf: conf([:]), host: "h")
        await #expect(throws: VirtInstanceNotFound.self) { try await d.powerOff(instanceUUID: "nope") }
        await #expect(throws: VirtInstanceNotFound.self) { _ = try await d.consoleOutput(instanceUUID: "nope") }
    }

    @Test func everyNthSpawnFails() async throws {
        let d = FakeDriver(conf: conf(["fake.fail_every_nth_spawn": .int(2)]), host: "h")
        try await d.spawn(instance: instance("1"))
        await #expect(throws: SpawnFailed.self) { try await d.spawn(instance: instance("2")) }
        try await d.spawn(instance: instance("3"))
        await #expect(throws: SpawnFailed.self) { try await d.spawn(instance: instance("4")) }
        #expect(await d.listInstances() == ["1", "3"])
    }

    @Test func failProbabilityOneFailsEverySpawnAndZeroNone() async throws {
        let always = FakeDriver(conf: conf(["fake.fail_probability": .float(1.0)]), host: "h")
        for n in 0..<5 { await #expect(throws: SpawnFailed.self) { try await always.spawn(instance: instance("\(n)")) } }
        let never = FakeDriver(conf: conf(["fake.fail_probability": .float(0.0)]), host: "h")
        for n in 0..<5 { try await never.spawn(instance: instance("\(n)")) }
        #expect(await never.listInstances().count == 5)
    }

    @Test func restoreRecreatesAForgottenGuestOnly() async throws {
        let d = FakeDriver(conf: conf([:]), host: "h")
        await d.restore(instanceUUID: "x", state: .shutdown, node: "h")
        #expect(await d.powerState(instanceUUID: "x") == .shutdown)
        try await d.spawn(instance: instance("y"))
        await d.restore(instanceUUID: "y", state: .shutdown, node: "h")
        #expect(await d.powerState(instanceUUID: "y") == .running)
    }
}
