import Common
import Foundation

/// A compute node as the scheduler needs it: the node row, its inventory, the sum of its allocations and
/// the state of its nova-compute service.
public struct ComputeHostRecord: Sendable, Hashable {
    /// uuid, host, hypervisor_hostname, hypervisor_type/version, cpu_info, stats, running_vms, ratios.
    public var node: ComputeNode
    /// Per resource class: total, reserved, allocation ratio (what claims are checked against).
    public var inventory: [ResourceClass: ResourceInventory]
    /// Sum of every consumer's allocations on the node.
    public var used: Resources
    public var serviceDisabled: Bool
    public var serviceDisabledReason: String?
    public var serviceForcedDown: Bool
    /// The service's last heartbeat (its `updated_at`, else `created_at`); nil when it never reported.
    public var lastSeenUp: Date?

    public init(node: ComputeNode, inventory: [ResourceClass: ResourceInventory], used: Resources = .zero,
                serviceDisabled: Bool = false, serviceDisabledReason: String? = nil, serviceForcedDown: Bool = false,
                lastSeenUp: Date?) {
        self.node = node
        self.inventory = inventory
        self.used = used
        self.serviceDisabled = serviceDisabled
        self.serviceDisabledReason = serviceDisabledReason
        self.serviceForcedDown = serviceForcedDown
        self.lastSeenUp = lastSeenUp
    }
}

/// One resource class of a node's inventory (placement's inventory record).
public struct ResourceInventory: Sendable, Hashable {
    public var total: Int
    public var reserved: Int
    public var allocationRatio: Double

    public init(total: Int, reserved: Int = 0, allocationRatio: Double = 1.0) {
        self.total = total
        self.reserved = reserved
        self.allocationRatio = allocationRatio
    }

    /// What may be allocated: floor(total × ratio) − reserved, the rule claims are checked against.
    public var capacity: Int { Int((Double(total) * allocationRatio).rounded(.down)) - reserved }
}
