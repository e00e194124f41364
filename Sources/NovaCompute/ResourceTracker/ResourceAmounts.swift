import Common

/// vCPUs, memory and disk: what a flavor asks for, or what a node has in use.
public struct ResourceAmounts: Sendable, Hashable, CustomStringConvertible {
    public var vcpus: Int
    public var memoryMB: Int
    public var diskGB: Int

    public init(vcpus: Int = 0, memoryMB: Int = 0, diskGB: Int = 0) {
        self.vcpus = vcpus
        self.memoryMB = memoryMB
        self.diskGB = diskGB
    }

    public static let zero = ResourceAmounts()

    /// What an instance of `flavor` needs: root + ephemeral + swap (MB, rounded up to GB) of disk.
    public init(flavor: Flavor) {
        let swapGB = ((flavor.int("swap") ?? 0) + 1023) / 1024
        self.init(vcpus: flavor.vcpus, memoryMB: flavor.memoryMB,
                  diskGB: (flavor.int("root_gb") ?? 0) + (flavor.int("ephemeral_gb") ?? 0) + swapGB)
    }

    /// What an instance holds: its flavor, or the sizes copied onto the instance when it has none.
    public init(instance: Instance) {
        if let f = instance.flavor {
            self.init(flavor: f)
        } else {
            self.init(vcpus: instance.vcpus ?? 0, memoryMB: instance.memoryMB ?? 0,
                      diskGB: (instance.rootGB ?? 0) + (instance.ephemeralGB ?? 0))
        }
    }

    public static func + (a: ResourceAmounts, b: ResourceAmounts) -> ResourceAmounts {
        ResourceAmounts(vcpus: a.vcpus + b.vcpus, memoryMB: a.memoryMB + b.memoryMB, diskGB: a.diskGB + b.diskGB)
    }

    public static func += (a: inout ResourceAmounts, b: ResourceAmounts) { a = a + b }

    public var description: String { "\(vcpus) VCPU, \(memoryMB) MEMORY_MB, \(diskGB) DISK_GB" }
}
