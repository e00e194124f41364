import Common
import Foundation

/// One select_destinations request decoded once for the filters and weighers: the flavor's amounts and
/// extra specs, the image properties, the zone, hints resolved to host names, the server group, and the
/// settings that filters read. Placing an instance of a batch updates `group` for the next one.
public struct HostRequest: Sendable {
    public var spec: RequestSpec
    public var context: RequestContext
    /// The instance being placed now (the batch's current one).
    public var instanceUUID: String
    public var resources: Resources
    public var extraSpecs: [String: String]
    public var image: ImageMetaProps?
    /// The zone asked for (without a `:host` suffix); nil: any zone.
    public var availabilityZone: String? {
        didSet { requestedZones = Self.zones(availabilityZone) }
    }
    /// `availabilityZone` split on commas (any of them will do).
    public private(set) var requestedZones: Set<String> = []
    /// What the image asks of the hypervisor, resolved once per request.
    public var imageRequirements: ImagePropertiesFilter.ImageRequirements
    public var projectID: String?
    /// Hosts of the `same_host` hint's instances; nil when there is no such hint.
    public var sameHostHosts: Set<String>?
    /// Hosts of the `different_host` hint's instances; nil when there is no such hint.
    public var differentHostHosts: Set<String>?
    public var group: GroupPlacement?
    /// Host selection done before the filters (ignore_hosts, force_hosts/nodes, requested_destination).
    public var targeting: HostTargeting
    public var now: Date
    public var settings: SchedulerSettings

    public init(spec: RequestSpec, context: RequestContext, instanceUUID: String, settings: SchedulerSettings,
                now: Date = Date()) {
        self.spec = spec
        self.context = context
        self.instanceUUID = instanceUUID
        self.settings = settings
        self.now = now
        let flavor = spec.flavor ?? Flavor()
        resources = Resources(flavor: flavor, bootFromVolume: spec.isBFV)
        extraSpecs = flavor.extraSpecs
        image = spec.image?.properties
        projectID = spec.projectID
        targeting = HostTargeting(spec: spec)
        availabilityZone = targeting.zone
        requestedZones = Self.zones(targeting.zone)
        imageRequirements = ImagePropertiesFilter.ImageRequirements(
            spec.image?.properties, defaultArchitecture: settings.imageDefaultArchitecture)
    }

    static func zones(_ az: String?) -> Set<String> {
        Set((az ?? "").split(separator: ",").map { String($0) })
    }
}

/// A server group's placement as seen by one request: members per host, growing as the batch places
/// its instances.
public struct GroupPlacement: Sendable, Hashable {
    public var uuid: String
    /// affinity, anti-affinity, soft-affinity or soft-anti-affinity.
    public var policy: String
    /// Anti-affinity's `max_server_per_host` rule (1 when absent).
    public var maxServerPerHost: Int
    public var members: Set<String>
    /// Member instance uuid → host, for placed members.
    public var memberHosts: [String: String]
    /// Host → number of members on it.
    public var countByHost: [String: Int]

    public init(uuid: String, policy: String, maxServerPerHost: Int, members: Set<String>,
                memberHosts: [String: String]) {
        self.uuid = uuid
        self.policy = policy
        self.maxServerPerHost = maxServerPerHost
        self.members = members
        self.memberHosts = memberHosts
        countByHost = [:]
        for h in memberHosts.values { countByHost[h, default: 0] += 1 }
    }

    /// From the store's record of the group.
    public init(_ g: InstanceGroupMembers) {
        self.init(uuid: g.group.uuid, policy: g.group.policy ?? "", maxServerPerHost: g.group.maxServerPerHost ?? 1,
                  members: Set(g.group.members ?? []).union(g.memberHosts.keys), memberHosts: g.memberHosts)
    }

    /// From the request spec alone (a group the store does not know): its `hosts` count one member each.
    public init(spec g: InstanceGroup) {
        self.init(uuid: g.uuid, policy: g.policy ?? "", maxServerPerHost: g.maxServerPerHost ?? 1,
                  members: Set(g.members ?? []), memberHosts: [:])
        for h in g.hosts ?? [] { countByHost[h, default: 0] += 1 }
    }

    public var hosts: Set<String> { Set(countByHost.keys) }

    /// Records a member placed by this request.
    public mutating func add(member: String, host: String) {
        if let old = memberHosts[member], let n = countByHost[old] {
            countByHost[old] = n > 1 ? n - 1 : nil
        }
        members.insert(member)
        memberHosts[member] = host
        countByHost[host, default: 0] += 1
    }
}
