import Common
import Foundation

/// The scheduler's picture of one compute node: what filters and weighers read
/// (nova/scheduler/host_manager.py HostState). Built from a `ComputeHostRecord`, then kept up to date by
/// the host manager and, within one request, by the request's own picks.
///
/// Filtering and weighing ten thousand hosts reads these by the thousand: the numbers they read are kept
/// inline (one contiguous array, no pointer to chase per host), and what rarely changes lives in shared
/// immutable objects (`facts`, `aggregates`), so a copy costs two reference counts.
public struct HostState: Sendable {
    /// The node row's other facts: names, hypervisor, cpu_info, stats, the service's disabled reason.
    public let facts: HostFacts
    /// The aggregates the host belongs to (availability zone, metadata), shared by hosts in the same ones.
    public private(set) var aggregates: HostAggregates
    /// Totals, reserved amounts and capacity from the inventory.
    public let sizes: HostSizes
    /// Sum of the allocations on the node.
    public var used: Resources
    public var numInstances: Int
    /// The compute service: what changes with heartbeats and admin actions, not with the node row.
    public var service: ServiceStatus

    public init(record r: ComputeHostRecord, aggregates: HostAggregates = .none) {
        self.init(facts: HostFacts(record: r), record: r, aggregates: aggregates)
    }

    private init(facts: HostFacts, record r: ComputeHostRecord, aggregates: HostAggregates) {
        self.facts = facts
        self.aggregates = aggregates
        sizes = HostSizes(record: r, stats: facts.stats)
        used = r.used
        numInstances = facts.stats["num_instances"].flatMap { Int($0) } ?? r.node.runningVMs ?? 0
        service = ServiceStatus(record: r)
    }

    /// This state with a newer record of the same node: when the node row, inventory and disabled reason
    /// are unchanged (a heartbeat, a claim), the facts are kept instead of rebuilt.
    public func updated(with r: ComputeHostRecord, aggregates: HostAggregates) -> HostState {
        let same = facts.node == r.node && facts.inventory == r.inventory
            && facts.serviceDisabledReason == r.serviceDisabledReason
        return HostState(facts: same ? facts : HostFacts(record: r), record: r, aggregates: aggregates)
    }

    /// The same state in (possibly) other aggregates.
    public func with(aggregates: HostAggregates) -> HostState {
        var s = self
        s.aggregates = aggregates
        return s
    }

    public var nodeUUID: String { facts.nodeUUID }
    /// The compute service's host name (the `compute.<host>` RPC target).
    public var host: String { facts.host }
    /// The hypervisor node name.
    public var nodename: String { facts.nodename }
    /// Physical totals per class.
    public var total: Resources { sizes.total }
    public var reserved: Resources { sizes.reserved }
    /// What claims may fill: floor(total × ratio) − reserved.
    public var capacity: Resources { sizes.capacity }
    public var cpuAllocationRatio: Double { facts.cpuAllocationRatio }
    public var ramAllocationRatio: Double { facts.ramAllocationRatio }
    public var diskAllocationRatio: Double { facts.diskAllocationRatio }
    public var hypervisorType: String { facts.hypervisorType }
    public var hypervisorVersion: Int { sizes.hypervisorVersion }
    public var hostIP: String? { facts.hostIP }
    /// `cpu_info` parsed from its JSON text (nil when absent or not JSON).
    public var cpuInfo: JSONValue? { facts.cpuInfo }
    public var stats: [String: String] { facts.stats }
    /// Instances in an I/O heavy task (stats `io_workload`).
    public var numIOOps: Int { sizes.numIOOps }
    /// Recent build failures (stats `failed_builds`), for the build failure weigher.
    public var failedBuilds: Int { sizes.failedBuilds }
    public var supportedInstances: [SupportedInstance] { facts.supportedInstances }
    public var serviceDisabled: Bool { service.disabled }
    public var serviceDisabledReason: String? { facts.serviceDisabledReason }
    public var serviceForcedDown: Bool { service.forcedDown }
    public var lastSeenUp: Date? { service.lastSeenUp }

    /// Whether the compute service is up: not forced down and a heartbeat within `downTime` seconds of
    /// `now` (either way, as Nova's servicegroup DB driver tolerates clock skew).
    public func isUp(now: Date, downTime: Int) -> Bool {
        guard !service.forcedDown, let seen = service.lastSeenUp else { return false }
        return abs(now.timeIntervalSince(seen)) <= Double(downTime)
    }

    /// What is left for claims.
    public var free: Resources { capacity - used }
    /// Free RAM as Nova's free_ram_mb: physical total − reserved − used (the RAM weigher's value).
    public var freeRAMMB: Int { total.memoryMB - reserved.memoryMB - used.memoryMB }
    /// Free disk in MB as Nova's free_disk_mb (the disk weigher's value).
    public var freeDiskMB: Int { (total.diskGB - reserved.diskGB - used.diskGB) * 1024 }
    /// Free vCPUs counting the allocation ratio (the CPU weigher's value).
    public var freeVCPUs: Int { capacity.vcpus - used.vcpus }

    /// Records an instance placed here by this scheduler (Nova's consume_from_request).
    public mutating func consume(_ r: Resources) {
        used = used + r
        numInstances += 1
    }
}

/// The state of a node's compute service (plain values: copying it counts no references).
public struct ServiceStatus: Sendable, Hashable {
    public var disabled: Bool
    public var forcedDown: Bool
    /// The last heartbeat.
    public var lastSeenUp: Date?

    init(record r: ComputeHostRecord) {
        disabled = r.serviceDisabled
        forcedDown = r.serviceForcedDown
        lastSeenUp = r.lastSeenUp
    }
}

/// The numbers of a node that filters and weighers read for every host, kept inline in its state.
public struct HostSizes: Sendable, Hashable {
    public var total: Resources
    public var reserved: Resources
    public var capacity: Resources
    public var hypervisorVersion: Int
    public var numIOOps: Int
    public var failedBuilds: Int

    init(record r: ComputeHostRecord, stats: [String: String]) {
        func inv(_ rc: ResourceClass) -> ResourceInventory { r.inventory[rc] ?? ResourceInventory(total: 0) }
        total = Resources(vcpus: inv(.vcpu).total, memoryMB: inv(.memoryMB).total, diskGB: inv(.diskGB).total)
        reserved = Resources(vcpus: inv(.vcpu).reserved, memoryMB: inv(.memoryMB).reserved,
                             diskGB: inv(.diskGB).reserved)
        capacity = Resources(vcpus: inv(.vcpu).capacity, memoryMB: inv(.memoryMB).capacity,
                             diskGB: inv(.diskGB).capacity)
        hypervisorVersion = r.node.hypervisorVersion
        numIOOps = stats["io_workload"].flatMap { Int($0) } ?? 0
        failedBuilds = stats["failed_builds"].flatMap { Int($0) } ?? 0
    }
}

/// What a node's row says that filters rarely read and heartbeats do not change: names, hypervisor,
/// cpu_info, stats, the service's disabled reason.
public final class HostFacts: Sendable {
    /// The row and inventory these facts were read from (to tell whether a newer record changes them).
    public let node: ComputeNode
    public let inventory: [ResourceClass: ResourceInventory]
    public let nodeUUID: String
    public let host: String
    public let nodename: String
    public let cpuAllocationRatio: Double
    public let ramAllocationRatio: Double
    public let diskAllocationRatio: Double
    public let hypervisorType: String
    public let hostIP: String?
    public let cpuInfo: JSONValue?
    public let stats: [String: String]
    public let supportedInstances: [SupportedInstance]
    public let serviceDisabledReason: String?

    public init(record r: ComputeHostRecord) {
        let n = r.node
        node = n
        inventory = r.inventory
        nodeUUID = n.uuid
        host = n.host ?? ""
        nodename = n.hypervisorHostname ?? n.host ?? ""
        cpuAllocationRatio = r.inventory[.vcpu]?.allocationRatio ?? 1
        ramAllocationRatio = r.inventory[.memoryMB]?.allocationRatio ?? 1
        diskAllocationRatio = r.inventory[.diskGB]?.allocationRatio ?? 1
        hypervisorType = n.hypervisorType
        hostIP = n.hostIP
        cpuInfo = n.cpuInfo.flatMap { try? JSONValue.parse($0) }
        stats = n.stats ?? [:]
        serviceDisabledReason = r.serviceDisabledReason
        supportedInstances = SupportedInstance.advertised(stats: stats, cpuInfo: cpuInfo,
                                                          hypervisorType: n.hypervisorType)
    }
}

/// An (architecture, hypervisor type, VM mode) triple a host can run (Nova's supported_instances).
public struct SupportedInstance: Sendable, Hashable {
    public var arch: String?
    public var hvType: String?
    public var vmMode: String?

    public init(arch: String?, hvType: String?, vmMode: String?) {
        self.arch = arch
        self.hvType = hvType
        self.vmMode = vmMode
    }

    /// The host's triples: stats `supported_instances` (a JSON list of [arch, hv_type, vm_mode]) when the
    /// driver reports it; else one triple from cpu_info's `arch`, the hypervisor type and `hvm`. ComputeNode
    /// carries no supported_hv_specs here, so a host that names no architecture is taken to run any.
    static func advertised(stats: [String: String], cpuInfo: JSONValue?, hypervisorType: String)
        -> [SupportedInstance]
    {
        if let text = stats["supported_instances"], let list = (try? JSONValue.parse(text))?.arrayValue {
            return list.compactMap { item in
                guard let t = item.arrayValue, t.count == 3 else { return nil }
                return SupportedInstance(arch: t[0].stringValue.map(Architecture.canonicalize),
                                         hvType: t[1].stringValue?.lowercased(), vmMode: t[2].stringValue)
            }
        }
        let arch = cpuInfo?["arch"]?.stringValue.map(Architecture.canonicalize)
        return [SupportedInstance(arch: arch, hvType: hypervisorType.isEmpty ? nil : hypervisorType.lowercased(),
                                  vmMode: "hvm")]
    }
}

/// Nova's architecture names (nova/objects/fields.py Architecture.canonicalize).
enum Architecture {
    static func canonicalize(_ name: String) -> String {
        let n = name.lowercased()
        switch n {
        case "amd64", "x86-64": return "x86_64"
        case "i386", "i486", "i586", "x86": return "i686"
        case "arm64": return "aarch64"
        default: return n
        }
    }
}
