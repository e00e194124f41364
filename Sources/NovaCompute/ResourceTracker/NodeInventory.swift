import Common

/// One node's capacity: the driver's totals, what the host keeps for itself, and the overcommit ratios.
public struct NodeInventory: Sendable, Hashable {
    public var resources: NodeResources
    public var reserved: ResourceAmounts
    public var cpuAllocationRatio: Double
    public var ramAllocationRatio: Double
    public var diskAllocationRatio: Double

    public init(resources: NodeResources, reserved: ResourceAmounts, cpuAllocationRatio: Double = 1,
                ramAllocationRatio: Double = 1, diskAllocationRatio: Double = 1) {
        self.resources = resources
        self.reserved = reserved
        self.cpuAllocationRatio = cpuAllocationRatio
        self.ramAllocationRatio = ramAllocationRatio
        self.diskAllocationRatio = diskAllocationRatio
    }

    /// The inventory of `resources` under this configuration: reserved_host_* and the allocation ratios
    /// (`*_allocation_ratio` when set, else `initial_*_allocation_ratio`, as Nova does for a new node).
    public init(resources: NodeResources, conf: Config) {
        func ratio(_ opt: Opt<Double>, _ initial: Opt<Double>) -> Double {
            let v = conf[opt]
            return v > 0 ? v : conf[initial]
        }
        let diskMB = conf[ComputeOptions.reservedHostDiskMB]
        self.init(resources: resources,
                  reserved: ResourceAmounts(vcpus: conf[ComputeOptions.reservedHostCPUs],
                                            memoryMB: conf[ComputeOptions.reservedHostMemoryMB],
                                            diskGB: (diskMB + 1023) / 1024),
                  cpuAllocationRatio: ratio(ComputeOptions.cpuAllocationRatio, ComputeOptions.initialCPUAllocationRatio),
                  ramAllocationRatio: ratio(ComputeOptions.ramAllocationRatio, ComputeOptions.initialRAMAllocationRatio),
                  diskAllocationRatio: ratio(ComputeOptions.diskAllocationRatio,
                                             ComputeOptions.initialDiskAllocationRatio))
    }

    /// How much may be allocated: total × ratio − reserved (the same rule as the database's claims).
    public var capacity: ResourceAmounts {
        func cap(_ total: Int, _ ratio: Double, _ reserved: Int) -> Int {
            Int((Double(total) * ratio).rounded(.down)) - reserved
        }
        return ResourceAmounts(vcpus: cap(resources.vcpus, cpuAllocationRatio, reserved.vcpus),
                               memoryMB: cap(resources.memoryMB, ramAllocationRatio, reserved.memoryMB),
                               diskGB: cap(resources.localGB, diskAllocationRatio, reserved.diskGB))
    }

    /// The inventory as the conductor's `compute_node_update` takes it: class → total, reserved, ratio.
    public var inventoryJSON: JSONValue {
        func entry(_ total: Int, _ reserved: Int, _ ratio: Double) -> JSONValue {
            ["total": .int(total), "reserved": .int(reserved), "allocation_ratio": .double(ratio)]
        }
        return [
            "VCPU": entry(resources.vcpus, reserved.vcpus, cpuAllocationRatio),
            "MEMORY_MB": entry(resources.memoryMB, reserved.memoryMB, ramAllocationRatio),
            "DISK_GB": entry(resources.localGB, reserved.diskGB, diskAllocationRatio),
        ]
    }
}
