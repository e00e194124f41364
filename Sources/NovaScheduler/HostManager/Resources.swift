import Common

/// Amounts of the three standard resource classes (VCPU, MEMORY_MB, DISK_GB).
public struct Resources: Sendable, Hashable, CustomStringConvertible {
    public var vcpus: Int
    public var memoryMB: Int
    public var diskGB: Int

    public static let zero = Resources(vcpus: 0, memoryMB: 0, diskGB: 0)

    public init(vcpus: Int, memoryMB: Int, diskGB: Int) {
        self.vcpus = vcpus
        self.memoryMB = memoryMB
        self.diskGB = diskGB
    }

    /// What an instance of `flavor` asks for, as Nova's resources_from_flavor: disk is root (unless
    /// booted from volume) + ephemeral + swap rounded up to whole GB.
    public init(flavor f: Flavor, bootFromVolume: Bool = false) {
        vcpus = f.vcpus
        memoryMB = f.memoryMB
        diskGB = (bootFromVolume ? 0 : f.rootGB) + f.ephemeralGB + (f.swap + 1023) / 1024
    }

    public subscript(rc: ResourceClass) -> Int {
        switch rc {
        case .vcpu: vcpus
        case .memoryMB: memoryMB
        case .diskGB: diskGB
        }
    }

    public static func + (a: Resources, b: Resources) -> Resources {
        Resources(vcpus: a.vcpus + b.vcpus, memoryMB: a.memoryMB + b.memoryMB, diskGB: a.diskGB + b.diskGB)
    }

    public static func - (a: Resources, b: Resources) -> Resources {
        Resources(vcpus: a.vcpus - b.vcpus, memoryMB: a.memoryMB - b.memoryMB, diskGB: a.diskGB - b.diskGB)
    }

    /// Placement's allocation body for one node: `{"resources": {"VCPU": 1, ...}}`, classes of zero left out.
    public var allocationJSON: JSONValue {
        var r: [String: JSONValue] = [:]
        for rc in ResourceClass.allCases where self[rc] > 0 { r[rc.rawValue] = .int(self[rc]) }
        return ["resources": .object(r)]
    }

    public var description: String { "VCPU=\(vcpus), MEMORY_MB=\(memoryMB), DISK_GB=\(diskGB)" }
}
