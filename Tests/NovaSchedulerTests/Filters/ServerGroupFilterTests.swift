import Common
import Testing
@testable import NovaScheduler

@Suite struct ServerGroupFilterTests {
    func request(_ policy: String, hosts: [String: String], rules: [String: String] = [:],
                 instance: String = "new") -> HostRequest {
        var r = Fx.request(Fx.spec(instance: instance))
        let g = Fx.group(policy, members: Array(hosts.keys) + [instance], rules: rules)
        r.group = GroupPlacement(InstanceGroupMembers(group: g, memberHosts: hosts))
        return r
    }

    @Test func affinityPassesAnyHostUntilAMemberIsPlaced() {
        let r = request("affinity", hosts: [:])
        #expect(ServerGroupAffinityFilter().hostPasses(Fx.host("a"), r))
    }

    @Test func affinityThenPassesOnlyTheMembersHost() {
        let r = request("affinity", hosts: ["m1": "a"])
        #expect(ServerGroupAffinityFilter().hostPasses(Fx.host("a"), r))
        #expect(!ServerGroupAffinityFilter().hostPasses(Fx.host("b"), r))
    }

    @Test func antiAffinityRejectsHostsWithAMember() {
        let r = request("anti-affinity", hosts: ["m1": "a"])
        #expect(!ServerGroupAntiAffinityFilter().hostPasses(Fx.host("a"), r))
        #expect(ServerGroupAntiAffinityFilter().hostPasses(Fx.host("b"), r))
    }

    @Test func antiAffinityHonoursMaxServerPerHost() {
        let r = request("anti-affinity", hosts: ["m1": "a"], rules: ["max_server_per_host": "2"])
        #expect(ServerGroupAntiAffinityFilter().hostPasses(Fx.host("a"), r))
        let full = request("anti-affinity", hosts: ["m1": "a", "m2": "a"], rules: ["max_server_per_host": "2"])
        #expect(!ServerGroupAntiAffinityFilter().hostPasses(Fx.host("a"), full))
    }

    @Test func antiAffinityLetsAMovingInstanceConsiderItsOwnHost() {
        let r = request("anti-affinity", hosts: ["me": "a", "m1": "b"], instance: "me")
        #expect(ServerGroupAntiAffinityFilter().hostPasses(Fx.host("a"), r))
        #expect(!ServerGroupAntiAffinityFilter().hostPasses(Fx.host("b"), r))
    }

    @Test func filtersIgnoreGroupsOfOtherPolicies() {
        let soft = request("soft-anti-affinity", hosts: ["m1": "a"])
        #expect(!ServerGroupAntiAffinityFilter().applies(to: soft))
        #expect(ServerGroupAntiAffinityFilter().hostPasses(Fx.host("a"), soft))
        #expect(ServerGroupAffinityFilter().hostPasses(Fx.host("b"), request("anti-affinity", hosts: ["m1": "a"])))
    }

    @Test func aGroupKnownOnlyFromTheSpecCountsItsHosts() {
        var g = Fx.group("anti-affinity")
        g.hosts = ["a"]
        var r = Fx.request()
        r.group = GroupPlacement(spec: g)
        #expect(!ServerGroupAntiAffinityFilter().hostPasses(Fx.host("a"), r))
    }
}
