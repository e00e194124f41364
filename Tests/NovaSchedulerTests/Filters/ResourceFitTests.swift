import Common
import Testing
@testable import NovaScheduler

@Suite struct ResourceFitTests {
    @Test func fitsUpToCapacityWithRatiosAndReserved() {
        let r = Fx.record(host: "a", vcpus: 4, memoryMB: 2048, diskGB: 10,
                          used: Resources(vcpus: 6, memoryMB: 1024, diskGB: 0),
                          reserved: Resources(vcpus: 0, memoryMB: 512, diskGB: 0), cpuRatio: 2)
        let h = HostState(record: r)
        #expect(h.capacity == Resources(vcpus: 8, memoryMB: 1536, diskGB: 10))
        #expect(ResourceFit.shortfall(h, Resources(vcpus: 2, memoryMB: 512, diskGB: 10)) == nil)
        #expect(ResourceFit.shortfall(h, Resources(vcpus: 3, memoryMB: 1, diskGB: 1)) == .vcpu)
        #expect(ResourceFit.shortfall(h, Resources(vcpus: 1, memoryMB: 513, diskGB: 1)) == .memoryMB)
        #expect(ResourceFit.shortfall(h, Resources(vcpus: 1, memoryMB: 1, diskGB: 11)) == .diskGB)
    }

    @Test func flavorDiskCountsRootEphemeralAndSwapButNotRootWhenBootedFromVolume() {
        let f = Fx.flavor(vcpus: 2, memoryMB: 1024, rootGB: 10, ephemeralGB: 5, swap: 1500)
        #expect(Resources(flavor: f) == Resources(vcpus: 2, memoryMB: 1024, diskGB: 17))
        #expect(Resources(flavor: f, bootFromVolume: true).diskGB == 7)
    }
}
