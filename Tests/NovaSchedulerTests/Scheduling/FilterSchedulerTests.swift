import Common
import Foundation
import Testing
@testable import NovaScheduler

@Suite struct FilterSchedulerTests {
    let store = InMemorySchedulerStore()

    @Test func placesOnTheBestHostClaimsItAndDescribesTheClaimInTheSelection() async throws {
        store.addNode(host: "small", vcpus: 8, memoryMB: 4096, diskGB: 100)
        let big = store.addNode(host: "big", vcpus: 8, memoryMB: 16384, diskGB: 100)
        store.putAggregate(Fx.aggregate("z", hosts: ["big"], metadata: ["availability_zone": "az1"]))
        let sels = try await Fx.scheduler(store).selectDestinations(
            Fx.user(), spec: Fx.spec(Fx.flavor(vcpus: 2, memoryMB: 1024, rootGB: 10)), instanceUUIDs: ["i1"],
            returnAlternates: false)
        #expect(sels.count == 1 && sels[0].count == 1)
        let s = sels[0][0]
        #expect((s.serviceHost, s.nodename, s.computeNodeUUID) == ("big", "big", big))
        #expect(s.availabilityZone == "az1")
        #expect(s.cellUUID == FilterScheduler.cellUUID)
        #expect(s.allocationRequestVersion == "1.36")
        #expect(s.allocationRequestJSON?["allocations"]?[big]?["resources"]
                == ["VCPU": 2, "MEMORY_MB": 1024, "DISK_GB": 10])
        #expect(store.allocation(consumer: "i1") == big)
        #expect(store.usage(node: big) == Resources(vcpus: 2, memoryMB: 1024, diskGB: 10))
    }

    @Test func alternatesComeFromDistinctOtherHostsUpToMaxAttemptsAndAreNotClaimed() async throws {
        store.addNode(host: "a", nodename: "a1", vcpus: 8, memoryMB: 32768, diskGB: 100)
        store.addNode(host: "a", nodename: "a2", vcpus: 8, memoryMB: 30000, diskGB: 100)
        store.addNode(host: "b", vcpus: 8, memoryMB: 16384, diskGB: 100)
        store.addNode(host: "c", vcpus: 8, memoryMB: 8192, diskGB: 100)
        store.addNode(host: "d", vcpus: 8, memoryMB: 4096, diskGB: 100)
        var settings = SchedulerSettings.defaults
        settings.maxAttempts = 3
        let sels = try await Fx.scheduler(store, settings: settings).selectDestinations(
            Fx.user(), spec: Fx.spec(), instanceUUIDs: ["i1"], returnAlternates: true)
        #expect(sels[0].map(\.serviceHost) == ["a", "b", "c"])
        #expect(sels[0][0].nodename == "a1")
        #expect(store.allocationCount == 1)
        let none = try await Fx.scheduler(store, settings: settings).selectDestinations(
            Fx.user(), spec: Fx.spec(), instanceUUIDs: ["i2"], returnAlternates: false)
        #expect(none[0].count == 1)
    }

    @Test func aBatchAccountsForItsOwnPicks() async throws {
        let a = store.addNode(host: "a", vcpus: 8, memoryMB: 1024, diskGB: 100)
        let b = store.addNode(host: "b", vcpus: 8, memoryMB: 1024, diskGB: 100)
        let sels = try await Fx.scheduler(store).selectDestinations(
            Fx.user(), spec: Fx.spec(), instanceUUIDs: ["i1", "i2", "i3", "i4"], returnAlternates: true)
        #expect(sels.count == 4)
        #expect(store.usage(node: a).memoryMB == 1024 && store.usage(node: b).memoryMB == 1024)
        // Every instance's alternates exclude the hosts picked in the batch: none are left.
        #expect(sels.allSatisfy { $0.count == 1 })
    }

    @Test func aBatchThatCannotCompleteGivesBackItsClaims() async throws {
        store.addNode(host: "a", vcpus: 8, memoryMB: 1024, diskGB: 100)
        store.addNode(host: "b", vcpus: 8, memoryMB: 1024, diskGB: 100)
        let e = await Fx.noValidHost(Fx.scheduler(store), Fx.user(), Fx.spec(), ["i1", "i2", "i3", "i4", "i5"])
        #expect(e?.reason == "There are not enough hosts available. Filters removed: resources (RAM) 2 of 2 hosts "
                + "(placed 4 of 5 instances)")
        #expect(store.allocationCount == 0)
    }

    @Test func antiAffinityMembersOfABatchLandOnDifferentHosts() async throws {
        for h in ["a", "b", "c"] { store.addNode(host: h, vcpus: 8, memoryMB: 8192, diskGB: 100) }
        let g = Fx.group("anti-affinity", members: ["i1", "i2", "i3"])
        store.putGroup(g)
        let sels = try await Fx.scheduler(store).selectDestinations(
            Fx.user(), spec: Fx.spec(group: g), instanceUUIDs: ["i1", "i2", "i3"], returnAlternates: true)
        #expect(Set(sels.map { $0[0].serviceHost }) == ["a", "b", "c"])
        let g2 = Fx.group("anti-affinity", members: ["j1", "j2", "j3", "j4"], uuid: "group-2")
        store.putGroup(g2)
        let full = await Fx.noValidHost(Fx.scheduler(store), Fx.user(), Fx.spec(group: g2), ["j1", "j2", "j3", "j4"])
        #expect(full?.reason.contains("ServerGroupAntiAffinityFilter 3 of 3 hosts (placed 3 of 4 instances)") == true)
    }

    @Test func antiAffinityAvoidsHostsOfAlreadyPlacedMembers() async throws {
        for h in ["a", "b"] { store.addNode(host: h, vcpus: 8, memoryMB: 8192, diskGB: 100) }
        store.addNode(host: "c", vcpus: 8, memoryMB: 1024, diskGB: 100)
        store.putGroup(Fx.group("anti-affinity", members: ["m1", "m2", "new"]))
        store.setInstanceHost("m1", "a")
        store.setInstanceHost("m2", "b")
        let sels = try await Fx.scheduler(store).selectDestinations(
            Fx.user(), spec: Fx.spec(group: Fx.group("anti-affinity")), instanceUUIDs: ["new"], returnAlternates: true)
        #expect(sels[0].map(\.serviceHost) == ["c"])
    }

    @Test func affinityMembersOfABatchShareAHost() async throws {
        for h in ["a", "b", "c"] { store.addNode(host: h, vcpus: 8, memoryMB: 8192, diskGB: 100) }
        let g = Fx.group("affinity", members: ["i1", "i2", "i3"])
        store.putGroup(g)
        let sels = try await Fx.scheduler(store).selectDestinations(
            Fx.user(), spec: Fx.spec(group: g), instanceUUIDs: ["i1", "i2", "i3"], returnAlternates: true)
        #expect(Set(sels.map { $0[0].serviceHost }).count == 1)
        #expect(sels.allSatisfy { $0.count == 1 })  // no alternate keeps the affinity
    }

    @Test func aFirstAffinityMemberGetsNoAlternatesAndALostClaimIsNoAlternate() async throws {
        let hosts = ["a", "b", "c"].map { store.addNode(host: $0, vcpus: 8, memoryMB: 8192, diskGB: 100) }
        let g = Fx.group("affinity", members: ["i1"])
        store.putGroup(g)
        let sels = try await Fx.scheduler(store).selectDestinations(
            Fx.user(), spec: Fx.spec(group: g), instanceUUIDs: ["i1"], returnAlternates: true)
        #expect(sels[0].count == 1)
        let flaky = FlakyStore(store, rejectNodes: [hosts[1]])
        let other = try await Fx.scheduler(flaky).selectDestinations(
            Fx.user(), spec: Fx.spec(), instanceUUIDs: ["i2"], returnAlternates: true)
        #expect(!other[0].map(\.computeNodeUUID).contains(hosts[1]))
        #expect(other[0].count == 2)
    }

    @Test func aDisabledComputeIsSkippedEvenWithoutComputeFilterEnabled() async throws {
        store.addNode(host: "big", vcpus: 8, memoryMB: 16384, diskGB: 100)
        store.addNode(host: "small", vcpus: 8, memoryMB: 4096, diskGB: 100)
        store.updateService(host: "big", disabled: true)
        var settings = SchedulerSettings.defaults
        settings.filters = try FilterRegistry.resolve(["AvailabilityZoneFilter"])
        let sels = try await Fx.scheduler(store, settings: settings).selectDestinations(
            Fx.user(), spec: Fx.spec(), instanceUUIDs: ["i1"], returnAlternates: true)
        #expect(sels[0].map(\.serviceHost) == ["small"])
    }

    @Test func softGroupWeighersPackOrSpreadABatchAgainstTheOtherWeighers() async throws {
        for h in ["a", "b", "c"] { store.addNode(host: h, vcpus: 8, memoryMB: 8192, diskGB: 100) }
        func settings(ram: Double) -> SchedulerSettings {
            var s = SchedulerSettings.defaults
            s.weighers = [WeigherEntry(RAMWeigher(), multiplier: ram),
                          WeigherEntry(ServerGroupSoftAffinityWeigher(), multiplier: 10),
                          WeigherEntry(ServerGroupSoftAntiAffinityWeigher(), multiplier: 10)]
            return s
        }
        let packed = Fx.group("soft-affinity", members: ["p1", "p2", "p3"], uuid: "g-soft")
        store.putGroup(packed)
        let p = try await Fx.scheduler(store, settings: settings(ram: 1)).selectDestinations(
            Fx.user(), spec: Fx.spec(group: packed), instanceUUIDs: ["p1", "p2", "p3"], returnAlternates: false)
        #expect(Set(p.map { $0[0].serviceHost }).count == 1)
        let spread = Fx.group("soft-anti-affinity", members: ["s1", "s2", "s3"], uuid: "g-anti")
        store.putGroup(spread)
        let s = try await Fx.scheduler(store, settings: settings(ram: -1)).selectDestinations(
            Fx.user(), spec: Fx.spec(group: spread), instanceUUIDs: ["s1", "s2", "s3"], returnAlternates: false)
        #expect(Set(s.map { $0[0].serviceHost }).count == 3)
    }

    @Test func badRequestsGetAClearError() async throws {
        store.addNode(host: "a", vcpus: 8, memoryMB: 8192, diskGB: 100)
        let s = Fx.scheduler(store)
        var noFlavor = Fx.spec()
        noFlavor.flavor = nil
        await #expect(throws: SchedulerInvalidInput(reason: "the request spec has no flavor")) {
            try await s.selectDestinations(Fx.user(), spec: noFlavor, instanceUUIDs: ["i1"], returnAlternates: true)
        }
        await #expect(throws: SchedulerInvalidInput(reason: "instance_uuids lists an instance twice")) {
            try await s.selectDestinations(Fx.user(), spec: Fx.spec(), instanceUUIDs: ["i1", "i1"],
                                           returnAlternates: true)
        }
        var none = Fx.spec()
        none.instanceUUID = ""
        await #expect(throws: SchedulerInvalidInput.self) {
            try await s.selectDestinations(Fx.user(), spec: none, instanceUUIDs: [], returnAlternates: true)
        }
        #expect(store.allocationCount == 0)
    }

    @Test func claimsKeepGoingPastTheBestFewWhenTheyAreAllTaken() async throws {
        // More refused hosts than one pick order holds: the scheduler must ask for the next ones.
        var refused: Set<String> = []
        for i in 0..<40 {
            let n = store.addNode(host: String(format: "h%02d", i), vcpus: 8, memoryMB: 16384 - i * 100, diskGB: 100)
            if i < 30 { refused.insert(n) }
        }
        let sels = try await Fx.scheduler(FlakyStore(store, rejectNodes: refused)).selectDestinations(
            Fx.user(), spec: Fx.spec(), instanceUUIDs: ["i1"], returnAlternates: true)
        #expect(sels[0].map(\.serviceHost) == ["h30", "h31", "h32"])
    }

    @Test func sameHostAndDifferentHostHintsUseWhereTheInstancesRun() async throws {
        for h in ["a", "b", "c"] { store.addNode(host: h, vcpus: 8, memoryMB: 8192, diskGB: 100) }
        store.setInstanceHost("x", "b")
        var settings = SchedulerSettings.defaults
        settings.filters = try FilterRegistry.resolve(["SameHostFilter", "DifferentHostFilter"])
        let s = Fx.scheduler(store, settings: settings)
        let same = try await s.selectDestinations(Fx.user(), spec: Fx.spec(hints: ["same_host": ["x"]]),
                                                  instanceUUIDs: ["i1"], returnAlternates: true)
        #expect(same[0].map(\.serviceHost) == ["b"])
        let diff = try await s.selectDestinations(Fx.user(), spec: Fx.spec(hints: ["different_host": ["x"]]),
                                                  instanceUUIDs: ["i2"], returnAlternates: true)
        #expect(!diff[0].map(\.serviceHost).contains("b"))
    }
}
