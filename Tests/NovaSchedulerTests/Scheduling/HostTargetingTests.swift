import Common
import Foundation
import Testing
@testable import NovaScheduler

@Suite struct HostTargetingTests {
    let store = InMemorySchedulerStore()

    init() {
        store.addNode(host: "h1", vcpus: 8, memoryMB: 16384, diskGB: 100)
        store.addNode(host: "h2", vcpus: 8, memoryMB: 8192, diskGB: 100)
        store.addNode(host: "h3", vcpus: 8, memoryMB: 4096, diskGB: 100)
    }

    @Test func anAdminsZoneHostForcesTheHostPastTheFilters() async throws {
        store.updateService(host: "h2", disabled: true)
        let sels = try await Fx.scheduler(store).selectDestinations(
            Fx.admin(), spec: Fx.spec(az: "nova:h2"), instanceUUIDs: ["i1"], returnAlternates: true)
        #expect(sels[0][0].serviceHost == "h2")
    }

    @Test func zoneNodeForcesTheNode() async throws {
        let sels = try await Fx.scheduler(store).selectDestinations(
            Fx.admin(), spec: Fx.spec(az: "nova::h3"), instanceUUIDs: ["i1"], returnAlternates: true)
        #expect(sels[0].map(\.serviceHost) == ["h3"])
    }

    @Test func aUserMayNotForceAHost() async {
        let e = await Fx.noValidHost(Fx.scheduler(store), Fx.user(), Fx.spec(az: "nova:h2"), ["i1"])
        #expect(e?.reason.contains("Only administrators") == true)
        #expect(store.allocationCount == 0)
    }

    @Test func forcedHostsStillNeedRoom() async {
        let e = await Fx.noValidHost(Fx.scheduler(store), Fx.admin(), Fx.spec(Fx.flavor(memoryMB: 6000), az: "nova:h3"),
                                     ["i1"])
        #expect(e?.reason == "There are not enough hosts available. Filters removed: force_hosts 2, resources (RAM) 1 "
                + "of 3 hosts")
    }

    @Test func ignoredHostsAreNeverPicked() async throws {
        var spec = Fx.spec()
        spec.ignoreHosts = ["H1"]
        let sels = try await Fx.scheduler(store).selectDestinations(Fx.user(), spec: spec, instanceUUIDs: ["i1"],
                                                                    returnAlternates: true)
        #expect(sels[0].map(\.serviceHost) == ["h2", "h3"])
    }

    @Test func forceHostsFromTheSpecAndARequestedDestination() async throws {
        var spec = Fx.spec()
        spec.forceHosts = ["h3"]
        let forced = try await Fx.scheduler(store).selectDestinations(Fx.user(), spec: spec, instanceUUIDs: ["i1"],
                                                                      returnAlternates: true)
        #expect(forced[0].map(\.serviceHost) == ["h3"])
        var move = Fx.spec()
        move.requestedDestination = Destination(host: "h2")
        let dest = try await Fx.scheduler(store).selectDestinations(Fx.user(), spec: move, instanceUUIDs: ["i2"],
                                                                    returnAlternates: true)
        #expect(dest[0].map(\.serviceHost) == ["h2"])
    }
}
