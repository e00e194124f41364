import Common
import Foundation
import Testing
@testable import NovaScheduler

@Suite struct NoValidHostReasonTests {
    let store = InMemorySchedulerStore()

    @Test func theReasonSaysWhichFilterRemovedHowManyHosts() async throws {
        for i in 0..<5 { store.addNode(host: "other\(i)", vcpus: 8, memoryMB: 8192, diskGB: 100) }
        for i in 0..<2 { store.addNode(host: "off\(i)", vcpus: 8, memoryMB: 8192, diskGB: 100) }
        for i in 0..<13 { store.addNode(host: "small\(i)", vcpus: 8, memoryMB: 256, diskGB: 100) }
        store.putAggregate(Fx.aggregate("o", hosts: (0..<5).map { "other\($0)" },
                                        metadata: ["availability_zone": "az2"]))
        store.putAggregate(Fx.aggregate("z", hosts: (0..<2).map { "off\($0)" } + (0..<13).map { "small\($0)" },
                                        metadata: ["availability_zone": "az1"]))
        for i in 0..<2 { store.updateService(host: "off\(i)", disabled: true) }
        let e = await Fx.noValidHost(Fx.scheduler(store), Fx.user(), Fx.spec(az: "az1"), ["i1"])
        #expect(e?.message == "No valid host was found. There are not enough hosts available. Filters removed: "
                + "AvailabilityZoneFilter 5, ComputeFilter 2, resources (RAM) 13 of 20 hosts")
    }

    @Test func resourceShortfallsAreNamedPerClass() async throws {
        store.addNode(host: "a", vcpus: 1, memoryMB: 8192, diskGB: 100)
        store.addNode(host: "b", vcpus: 8, memoryMB: 8192, diskGB: 1)
        let e = await Fx.noValidHost(Fx.scheduler(store), Fx.user(), Fx.spec(Fx.flavor(vcpus: 2, rootGB: 5)), ["i1"])
        #expect(e?.reason == "There are not enough hosts available. Filters removed: resources (VCPU) 1, "
                + "resources (disk) 1 of 2 hosts")
    }

    @Test func anEmptyFleetSaysSo() async {
        let e = await Fx.noValidHost(Fx.scheduler(store), Fx.user(), Fx.spec(), ["i1"])
        #expect(e?.reason == "There are not enough hosts available. No compute nodes are registered.")
    }

    @Test func claimsLostToOtherSchedulersAreCounted() async throws {
        let a = store.addNode(host: "a", vcpus: 8, memoryMB: 8192, diskGB: 100)
        let b = store.addNode(host: "b", vcpus: 8, memoryMB: 8192, diskGB: 100)
        let flaky = FlakyStore(store, rejectNodes: [a, b])
        let e = await Fx.noValidHost(Fx.scheduler(flaky), Fx.user(), Fx.spec(), ["i1"])
        #expect(e?.reason == "There are not enough hosts available. Filters removed: claims lost to concurrent "
                + "requests 2 of 2 hosts")
    }
}
