import Common

/// What this host's nodes offer and what is used on them (nova/compute/resource_tracker.py).
///
/// Usage is rebuilt from the instances and migrations the database places on this host at every
/// `update_available_resource`; claims made between two rebuilds are added on top, so a build never
/// trusts a stale picture and never trusts memory alone.
public actor ResourceTracker {
    /// Something holding resources on a node: an instance (keyed by its uuid), or the source side of a
    /// resize/migration (keyed by the migration uuid, as the database's allocations are).
    public struct Holding: Sendable, Hashable {
        public var node: String
        public var amounts: ResourceAmounts
    }

    public let host: String
    public let hostIP: String?
    private var inventories: [String: NodeInventory] = [:]
    private var holdings: [String: Holding] = [:]
    /// Node uuids and ids assigned by the database, learnt from the conductor's answer to our report.
    private var nodeRecords: [String: ComputeNode] = [:]
    private static let log = Logger("nova.compute.resource_tracker")

    public init(host: String, hostIP: String? = nil) {
        self.host = host
        self.hostIP = hostIP
    }

    public var nodenames: [String] { inventories.keys.sorted() }

    public func setInventory(_ inv: NodeInventory) { inventories[inv.resources.nodename] = inv }

    public func inventory(node: String) -> NodeInventory? { inventories[node] }

    /// What is used on `node`: every holding there.
    public func usage(node: String) -> ResourceAmounts {
        holdings.values.filter { $0.node == node }.reduce(.zero) { $0 + $1.amounts }
    }

    public func holding(_ consumer: String) -> Holding? { holdings[consumer] }

    /// Claims `amounts` on `node` for `consumer` (Nova's instance_claim / move claim on the destination).
    /// Idempotent for a consumer already holding there. Throws `ComputeResourcesUnavailable` when it no longer fits.
    public func claim(consumer: String, node: String, amounts: ResourceAmounts) throws(ComputeResourcesUnavailable) {
        guard let inv = inventories[node] else {
            throw ComputeResourcesUnavailable(reason: "node \(node) is not managed by host \(host)")
        }
        var used = usage(node: node)
        if let mine = holdings[consumer], mine.node == node {
            used = ResourceAmounts(vcpus: used.vcpus - mine.amounts.vcpus, memoryMB: used.memoryMB - mine.amounts.memoryMB,
                                   diskGB: used.diskGB - mine.amounts.diskGB)
        }
        let cap = inv.capacity
        let checks: [(String, Int, Int, Int)] = [
            ("VCPU", amounts.vcpus, used.vcpus, cap.vcpus),
            ("MEMORY_MB", amounts.memoryMB, used.memoryMB, cap.memoryMB),
            ("DISK_GB", amounts.diskGB, used.diskGB, cap.diskGB),
        ]
        for (rc, want, u, c) in checks where want > 0 && u + want > c {
            throw ComputeResourcesUnavailable(
                reason: "Free \(rc) \(max(0, c - u)) < requested \(want) on node \(node)")
        }
        holdings[consumer] = Holding(node: node, amounts: amounts)
        Self.log.info("Claim successful on node \(node) for \(consumer): \(amounts)")
    }

    /// Frees what `consumer` holds (aborted build, deleted instance, confirmed or reverted move).
    public func drop(_ consumer: String) {
        if holdings.removeValue(forKey: consumer) != nil { Self.log.debug("Freed resources of \(consumer)") }
    }

    /// Rebuilds usage from the database's view: instances on this host, and migrations whose source side
    /// still holds resources here (with the instance's old flavor). Claims of builds the database does not
    /// show yet are kept only when listed in `keep` (builds in progress in this process).
    public func rebuildUsage(instances: [Instance], sourceMigrations: [(Migration, ResourceAmounts)],
                             keep: Set<String> = []) {
        var fresh: [String: Holding] = [:]
        for i in instances where i.host == host {
            guard let node = i.node, inventories[node] != nil else { continue }
            if let vm = i.vmState, VMState.allowResourceRemoval.contains(vm) { continue }
            fresh[i.uuid] = Holding(node: node, amounts: ResourceAmounts(instance: i))
        }
        for (m, amounts) in sourceMigrations where m.sourceCompute == host {
            guard let node = m.sourceNode, inventories[node] != nil else { continue }
            fresh[m.uuid] = Holding(node: node, amounts: amounts)
        }
        for k in keep where fresh[k] == nil { if let h = holdings[k] { fresh[k] = h } }
        holdings = fresh
    }

    /// Remembers the database's record of a node (its id and uuid) after a report.
    public func recordNode(_ node: ComputeNode) {
        if let name = node.hypervisorHostname { nodeRecords[name] = node }
    }

    public func nodeRecord(_ node: String) -> ComputeNode? { nodeRecords[node] }

    /// The node as reported to the conductor: totals, usage (memory and disk used include what the host
    /// reserves, as Nova reports them), free amounts, guests, ratios.
    public func computeNodeReport(node: String) -> ComputeNode? {
        guard let inv = inventories[node] else { return nil }
        let here = holdings.values.filter { $0.node == node }
        let used = here.reduce(ResourceAmounts.zero) { $0 + $1.amounts }
        var cn = nodeRecords[node] ?? ComputeNode()
        cn.host = host
        cn.hypervisorHostname = node
        cn.vcpus = inv.resources.vcpus
        cn.memoryMB = inv.resources.memoryMB
        cn.localGB = inv.resources.localGB
        cn.vcpusUsed = used.vcpus
        cn.memoryMBUsed = used.memoryMB + inv.reserved.memoryMB
        cn.localGBUsed = used.diskGB + inv.reserved.diskGB
        cn.freeRamMB = inv.resources.memoryMB - cn.memoryMBUsed
        cn.freeDiskGB = inv.resources.localGB - cn.localGBUsed
        cn.runningVMs = here.count
        cn.currentWorkload = 0
        cn.diskAvailableLeast = cn.freeDiskGB
        cn.hypervisorType = inv.resources.hypervisorType
        cn.hypervisorVersion = inv.resources.hypervisorVersion
        cn.cpuInfo = inv.resources.cpuInfo
        cn.hostIP = hostIP
        cn.cpuAllocationRatio = inv.cpuAllocationRatio
        cn.ramAllocationRatio = inv.ramAllocationRatio
        cn.diskAllocationRatio = inv.diskAllocationRatio
        return cn
    }
}
