/// Oversubscription limits the scheduler computed for a host (nova/objects/request_spec.py, 1.0).
/// `numa_topology` is left out.
public struct SchedulerLimits: NovaObject, Hashable {
    public static let objName = "SchedulerLimits"
    public static let objVersion = "1.0"
    public static let fields: [Field] = [
        Field("vcpu", .int, nullable: true, default: .null),
        Field("disk_gb", .int, nullable: true, default: .null),
        Field("memory_mb", .int, nullable: true, default: .null),
    ]

    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }

    public init(vcpu: Int?, diskGB: Int?, memoryMB: Int?) {
        self.init()
        self.vcpu = vcpu
        self.diskGB = diskGB
        self.memoryMB = memoryMB
    }

    public var vcpu: Int? {
        get { int("vcpu") }
        set { set("vcpu", newValue) }
    }
    public var diskGB: Int? {
        get { int("disk_gb") }
        set { set("disk_gb", newValue) }
    }
    public var memoryMB: Int? {
        get { int("memory_mb") }
        set { set("memory_mb", newValue) }
    }
}
