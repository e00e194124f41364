/// A hypervisor node and its resources, as reported by nova-compute (nova/objects/compute_node.py, 1.19).
///
/// Left out: numa_topology, supported_hv_specs, pci_device_pools (no NUMA/PCI in mini-Nova).
public struct ComputeNode: NovaPersistentObject, Hashable {
    public static let objName = "ComputeNode"
    public static let objVersion = "1.19"
    public static let fields: [Field] =
        NovaPersistentFields.fields + [
            Field("id", .int),
            Field("uuid", .uuid),
            Field("service_id", .int, nullable: true),
            Field("host", .string, nullable: true),
            Field("vcpus", .int),
            Field("memory_mb", .int),
            Field("local_gb", .int),
            Field("vcpus_used", .int),
            Field("memory_mb_used", .int),
            Field("local_gb_used", .int),
            Field("hypervisor_type", .string),
            Field("hypervisor_version", .int),
            Field("hypervisor_hostname", .string, nullable: true),
            Field("free_ram_mb", .int, nullable: true),
            Field("free_disk_gb", .int, nullable: true),
            Field("current_workload", .int, nullable: true),
            Field("running_vms", .int, nullable: true),
            Field("cpu_info", .string, nullable: true),
            Field("disk_available_least", .int, nullable: true),
            Field("metrics", .string, nullable: true),
            Field("stats", .stringDict, nullable: true),
            Field("host_ip", .string, nullable: true),
            Field("cpu_allocation_ratio", .float),
            Field("ram_allocation_ratio", .float),
            Field("disk_allocation_ratio", .float),
            Field("mapped", .int),
        ]
    public static let fieldVersions: [String: String] = [
        "stats": "1.3", "host_ip": "1.4", "host": "1.7", "cpu_allocation_ratio": "1.14",
        "ram_allocation_ratio": "1.14", "uuid": "1.15", "disk_allocation_ratio": "1.16", "mapped": "1.17",
    ]

    /// Before 1.13 service_id could not be null. Nova looks the service up; we have no database here,
    /// so we send Nova's own fallback, -1 (a later lookup then fails with ServiceNotFound).
    public static func makeCompatible(data: inout [String: JSONValue], to version: ObjectVersion) {
        if version < ObjectVersion(1, 13), data["service_id"] == nil || data["service_id"] == .null {
            data["service_id"] = .int(-1)
        }
    }

    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }

    public var id: Int {
        get { int("id") ?? 0 }
        set { set("id", newValue) }
    }
    public var uuid: String {
        get { string("uuid") ?? "" }
        set { set("uuid", newValue) }
    }
    public var serviceID: Int? {
        get { int("service_id") }
        set { set("service_id", newValue) }
    }
    public var host: String? {
        get { string("host") }
        set { set("host", newValue) }
    }
    public var vcpus: Int {
        get { int("vcpus") ?? 0 }
        set { set("vcpus", newValue) }
    }
    public var memoryMB: Int {
        get { int("memory_mb") ?? 0 }
        set { set("memory_mb", newValue) }
    }
    public var localGB: Int {
        get { int("local_gb") ?? 0 }
        set { set("local_gb", newValue) }
    }
    public var vcpusUsed: Int {
        get { int("vcpus_used") ?? 0 }
        set { set("vcpus_used", newValue) }
    }
    public var memoryMBUsed: Int {
        get { int("memory_mb_used") ?? 0 }
        set { set("memory_mb_used", newValue) }
    }
    public var localGBUsed: Int {
        get { int("local_gb_used") ?? 0 }
        set { set("local_gb_used", newValue) }
    }
    public var hypervisorType: String {
        get { string("hypervisor_type") ?? "" }
        set { set("hypervisor_type", newValue) }
    }
    public var hypervisorVersion: Int {
        get { int("hypervisor_version") ?? 0 }
        set { set("hypervisor_version", newValue) }
    }
    public var hypervisorHostname: String? {
        get { string("hypervisor_hostname") }
        set { set("hypervisor_hostname", newValue) }
    }
    public var freeRamMB: Int? {
        get { int("free_ram_mb") }
        set { set("free_ram_mb", newValue) }
    }
    public var freeDiskGB: Int? {
        get { int("free_disk_gb") }
        set { set("free_disk_gb", newValue) }
    }
    public var currentWorkload: Int? {
        get { int("current_workload") }
        set { set("current_workload", newValue) }
    }
    public var runningVMs: Int? {
        get { int("running_vms") }
        set { set("running_vms", newValue) }
    }
    public var cpuInfo: String? {
        get { string("cpu_info") }
        set { set("cpu_info", newValue) }
    }
    public var diskAvailableLeast: Int? {
        get { int("disk_available_least") }
        set { set("disk_available_least", newValue) }
    }
    public var metrics: String? {
        get { string("metrics") }
        set { set("metrics", newValue) }
    }
    public var stats: [String: String]? {
        get { optionalStringDict("stats") }
        set { set("stats", newValue) }
    }
    public var hostIP: String? {
        get { string("host_ip") }
        set { set("host_ip", newValue) }
    }
    public var cpuAllocationRatio: Double {
        get { double("cpu_allocation_ratio") ?? 0 }
        set { set("cpu_allocation_ratio", newValue) }
    }
    public var ramAllocationRatio: Double {
        get { double("ram_allocation_ratio") ?? 0 }
        set { set("ram_allocation_ratio", newValue) }
    }
    public var diskAllocationRatio: Double {
        get { double("disk_allocation_ratio") ?? 0 }
        set { set("disk_allocation_ratio", newValue) }
    }
    public var mapped: Int {
        get { int("mapped") ?? 0 }
        set { set("mapped", newValue) }
    }
}

/// Nova's ComputeNodeList 1.17.
public struct ComputeNodeList: NovaObjectList, Hashable {
    public typealias Element = ComputeNode
    public static let objName = "ComputeNodeList"
    public static let objVersion = "1.17"
    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }
}
