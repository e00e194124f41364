import Common
import Foundation
@testable import NovaScheduler

/// Builders for host states, request specs and requests used across the scheduler tests.
enum Fx {
    static let now = Date()

    static func record(host: String, node: String? = nil, uuid: String? = nil, vcpus: Int = 8,
                       memoryMB: Int = 16384, diskGB: Int = 200, used: Resources = .zero, reserved: Resources = .zero,
                       cpuRatio: Double = 1, disabled: Bool = false, forcedDown: Bool = false,
                       lastSeen: Date? = Fx.now, hypervisorType: String = "fake", hypervisorVersion: Int = 1000,
                       cpuInfo: String? = nil, stats: [String: String]? = nil) -> ComputeHostRecord {
        var n = ComputeNode()
        n.uuid = uuid ?? "uuid-\(node ?? host)"
        n.host = host
        n.hypervisorHostname = node ?? host
        n.vcpus = vcpus
        n.memoryMB = memoryMB
        n.localGB = diskGB
        n.hypervisorType = hypervisorType
        n.hypervisorVersion = hypervisorVersion
        n.cpuInfo = cpuInfo
        n.stats = stats
        let inv: [ResourceClass: ResourceInventory] = [
            .vcpu: ResourceInventory(total: vcpus, reserved: reserved.vcpus, allocationRatio: cpuRatio),
            .memoryMB: ResourceInventory(total: memoryMB, reserved: reserved.memoryMB),
            .diskGB: ResourceInventory(total: diskGB, reserved: reserved.diskGB),
        ]
        return ComputeHostRecord(node: n, inventory: inv, used: used, serviceDisabled: disabled,
                                 serviceForcedDown: forcedDown, lastSeenUp: lastSeen)
    }

    static func host(_ name: String, node: String? = nil, vcpus: Int = 8, memoryMB: Int = 16384, diskGB: Int = 200,
                     used: Resources = .zero, disabled: Bool = false, forcedDown: Bool = false,
                     lastSeen: Date? = Fx.now, hypervisorType: String = "fake", hypervisorVersion: Int = 1000,
                     cpuInfo: String? = nil, stats: [String: String]? = nil, aggregates: [Aggregate] = [])
        -> HostState
    {
        let r = record(host: name, node: node, vcpus: vcpus, memoryMB: memoryMB, diskGB: diskGB, used: used,
                       disabled: disabled, forcedDown: forcedDown, lastSeen: lastSeen, hypervisorType: hypervisorType,
                       hypervisorVersion: hypervisorVersion, cpuInfo: cpuInfo, stats: stats)
        return HostState(record: r, aggregates: HostAggregates(aggregates))
    }

    static func flavor(vcpus: Int = 1, memoryMB: Int = 512, rootGB: Int = 1, ephemeralGB: Int = 0, swap: Int = 0,
                       extraSpecs: [String: String] = [:]) -> Flavor {
        var f = Flavor()
        f.id = 1
        f.name = "m1.test"
        f.flavorID = "1"
        f.vcpus = vcpus
        f.memoryMB = memoryMB
        f.rootGB = rootGB
        f.ephemeralGB = ephemeralGB
        f.swap = swap
        f.extraSpecs = extraSpecs
        return f
    }

    static func spec(_ flavor: Flavor = Fx.flavor(), az: String? = nil, image: [String: String]? = nil,
                     hints: [String: [String]]? = nil, group: InstanceGroup? = nil, project: String? = "p1",
                     instance: String = "inst-1") -> RequestSpec {
        var s = RequestSpec()
        s.flavor = flavor
        s.availabilityZone = az
        s.projectID = project
        s.userID = "u1"
        s.instanceUUID = instance
        s.schedulerHints = hints
        if let image {
            var m = ImageMeta()
            m.id = "img-1"
            m.properties = ImageMetaProps(properties: image)
            s.image = m
        }
        if let group { s.instanceGroup = group }
        return s
    }

    static func request(_ spec: RequestSpec = Fx.spec(), admin: Bool = false,
                        settings: SchedulerSettings = .defaults) -> HostRequest {
        let ctx = RequestContext(userId: admin ? "admin" : "u1", projectId: spec.projectID, isAdmin: admin)
        return HostRequest(spec: spec, context: ctx, instanceUUID: spec.instanceUUID, settings: settings, now: now)
    }

    static func aggregate(_ name: String, hosts: [String], metadata: [String: String] = [:]) -> Aggregate {
        var a = Aggregate()
        a.id = abs(name.hashValue % 10000)
        a.uuid = "agg-\(name)"
        a.name = name
        a.hosts = hosts
        a.metadata = metadata
        return a
    }

    static func group(_ policy: String, members: [String] = [], uuid: String = "group-1",
                      rules: [String: String] = [:]) -> InstanceGroup {
        var g = InstanceGroup()
        g.uuid = uuid
        g.policy = policy
        g.members = members
        g.rules = rules
        return g
    }

    static func conf(_ overrides: [String: ConfigValue] = [:]) -> Config {
        Config(definitions: NovaOptions.all, overrides: overrides)
    }

    static func admin() -> RequestContext { RequestContext(userId: "admin", projectId: "admin", isAdmin: true) }
    static func user(_ project: String = "p1") -> RequestContext {
        RequestContext(userId: "u1", projectId: project, isAdmin: false)
    }
}
