import Foundation

/// A server (nova/objects/instance.py, Instance 2.8).
///
/// Left out, as mini-Nova has no use for them: pci_devices, numa_topology, pci_requests, device_metadata,
/// vcpu_model, ec2_ids, migration_context, trusted_certs, resources, security_groups, tags (Nova has
/// them as nested objects). A primitive carrying them still decodes: unknown fields are dropped.
public struct Instance: NovaPersistentObject, Hashable {
    public static let objName = "Instance"
    public static let objVersion = "2.8"
    public static let fields: [Field] =
        NovaPersistentFields.fields + [
            Field("id", .int),
            Field("user_id", .string, nullable: true),
            Field("project_id", .string, nullable: true),
            Field("image_ref", .string, nullable: true),
            Field("kernel_id", .string, nullable: true),
            Field("ramdisk_id", .string, nullable: true),
            Field("hostname", .string, nullable: true),
            Field("launch_index", .int, nullable: true),
            Field("key_name", .string, nullable: true),
            Field("key_data", .string, nullable: true),
            Field("power_state", .int, nullable: true),
            Field("vm_state", .string, nullable: true),
            Field("task_state", .string, nullable: true),
            Field("services", .object("ServiceList")),
            Field("memory_mb", .int, nullable: true),
            Field("vcpus", .int, nullable: true),
            Field("root_gb", .int, nullable: true),
            Field("ephemeral_gb", .int, nullable: true),
            Field("ephemeral_key_uuid", .uuid, nullable: true),
            Field("host", .string, nullable: true),
            Field("node", .string, nullable: true),
            Field("compute_id", .int, nullable: true),
            Field("instance_type_id", .int, nullable: true),
            Field("user_data", .string, nullable: true),
            Field("reservation_id", .string, nullable: true),
            Field("launched_at", .dateTime, nullable: true),
            Field("terminated_at", .dateTime, nullable: true),
            Field("availability_zone", .string, nullable: true),
            Field("display_name", .string, nullable: true),
            Field("display_description", .string, nullable: true),
            Field("launched_on", .string, nullable: true),
            Field("locked", .bool, default: false),
            Field("locked_by", .string, nullable: true),
            Field("os_type", .string, nullable: true),
            Field("architecture", .string, nullable: true),
            Field("vm_mode", .string, nullable: true),
            Field("uuid", .uuid),
            Field("root_device_name", .string, nullable: true),
            Field("default_ephemeral_device", .string, nullable: true),
            Field("default_swap_device", .string, nullable: true),
            Field("config_drive", .string, nullable: true),
            Field("access_ip_v4", .string, nullable: true),
            Field("access_ip_v6", .string, nullable: true),
            Field("auto_disk_config", .bool, default: false),
            Field("progress", .int, nullable: true),
            Field("shutdown_terminate", .bool, default: false),
            Field("disable_terminate", .bool, default: false),
            Field("cell_name", .string, nullable: true),
            Field("metadata", .stringDict, default: [:]),
            Field("system_metadata", .stringDict, default: [:]),
            Field("info_cache", .object("InstanceInfoCache"), nullable: true),
            Field("fault", .object("InstanceFault"), nullable: true),
            Field("cleaned", .bool, default: false),
            Field("flavor", .object("Flavor")),
            Field("old_flavor", .object("Flavor"), nullable: true),
            Field("new_flavor", .object("Flavor"), nullable: true),
            Field("keypairs", .object("KeyPairList")),
            Field("hidden", .bool, default: false),
        ]
    public static let fieldVersions: [String: String] = [
        "services": "2.1", "keypairs": "2.2", "hidden": "2.6", "compute_id": "2.8",
    ]

    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }
}

extension Instance {
    public var id: Int {
        get { int("id") ?? 0 }
        set { set("id", newValue) }
    }
    public var uuid: String {
        get { string("uuid") ?? "" }
        set { set("uuid", newValue) }
    }
    public var userID: String? {
        get { string("user_id") }
        set { set("user_id", newValue) }
    }
    public var projectID: String? {
        get { string("project_id") }
        set { set("project_id", newValue) }
    }
    public var imageRef: String? {
        get { string("image_ref") }
        set { set("image_ref", newValue) }
    }
    public var kernelID: String? {
        get { string("kernel_id") }
        set { set("kernel_id", newValue) }
    }
    public var ramdiskID: String? {
        get { string("ramdisk_id") }
        set { set("ramdisk_id", newValue) }
    }
    public var hostname: String? {
        get { string("hostname") }
        set { set("hostname", newValue) }
    }
    public var launchIndex: Int? {
        get { int("launch_index") }
        set { set("launch_index", newValue) }
    }
    public var keyName: String? {
        get { string("key_name") }
        set { set("key_name", newValue) }
    }
    public var keyData: String? {
        get { string("key_data") }
        set { set("key_data", newValue) }
    }
    /// The raw power_state integer; see `powerStateValue` for the typed view.
    public var powerState: Int? {
        get { int("power_state") }
        set { set("power_state", newValue) }
    }
    public var powerStateValue: PowerState? {
        get { powerState.flatMap { PowerState(rawValue: $0) } }
        set { set("power_state", newValue?.rawValue) }
    }
    public var vmState: VMState? {
        get { enumValue("vm_state") }
        set { set("vm_state", newValue) }
    }
    public var taskState: TaskState? {
        get { enumValue("task_state") }
        set { set("task_state", newValue) }
    }
    public var memoryMB: Int? {
        get { int("memory_mb") }
        set { set("memory_mb", newValue) }
    }
    public var vcpus: Int? {
        get { int("vcpus") }
        set { set("vcpus", newValue) }
    }
    public var rootGB: Int? {
        get { int("root_gb") }
        set { set("root_gb", newValue) }
    }
    public var ephemeralGB: Int? {
        get { int("ephemeral_gb") }
        set { set("ephemeral_gb", newValue) }
    }
    /// The compute service's host name.
    public var host: String? {
        get { string("host") }
        set { set("host", newValue) }
    }
    /// The hypervisor node name (ComputeNode.hypervisor_hostname).
    public var node: String? {
        get { string("node") }
        set { set("node", newValue) }
    }
    /// ComputeNode.id of `node` (Instance 2.8).
    public var computeID: Int? {
        get { int("compute_id") }
        set { set("compute_id", newValue) }
    }
    public var instanceTypeID: Int? {
        get { int("instance_type_id") }
        set { set("instance_type_id", newValue) }
    }
    public var userData: String? {
        get { string("user_data") }
        set { set("user_data", newValue) }
    }
    public var reservationID: String? {
        get { string("reservation_id") }
        set { set("reservation_id", newValue) }
    }
    public var launchedAt: Date? {
        get { date("launched_at") }
        set { set("launched_at", newValue) }
    }
    public var terminatedAt: Date? {
        get { date("terminated_at") }
        set { set("terminated_at", newValue) }
    }
    public var availabilityZone: String? {
        get { string("availability_zone") }
        set { set("availability_zone", newValue) }
    }
    public var displayName: String? {
        get { string("display_name") }
        set { set("display_name", newValue) }
    }
    public var displayDescription: String? {
        get { string("display_description") }
        set { set("display_description", newValue) }
    }
    public var launchedOn: String? {
        get { string("launched_on") }
        set { set("launched_on", newValue) }
    }
    public var locked: Bool {
        get { bool("locked") ?? false }
        set { set("locked", newValue) }
    }
    /// `owner` or `admin` when locked.
    public var lockedBy: String? {
        get { string("locked_by") }
        set { set("locked_by", newValue) }
    }
    public var osType: String? {
        get { string("os_type") }
        set { set("os_type", newValue) }
    }
    public var architecture: String? {
        get { string("architecture") }
        set { set("architecture", newValue) }
    }
    public var vmMode: String? {
        get { string("vm_mode") }
        set { set("vm_mode", newValue) }
    }
    public var rootDeviceName: String? {
        get { string("root_device_name") }
        set { set("root_device_name", newValue) }
    }
    public var configDrive: String? {
        get { string("config_drive") }
        set { set("config_drive", newValue) }
    }
    public var accessIPv4: String? {
        get { string("access_ip_v4") }
        set { set("access_ip_v4", newValue) }
    }
    public var accessIPv6: String? {
        get { string("access_ip_v6") }
        set { set("access_ip_v6", newValue) }
    }
    public var autoDiskConfig: Bool {
        get { bool("auto_disk_config") ?? false }
        set { set("auto_disk_config", newValue) }
    }
    public var progress: Int? {
        get { int("progress") }
        set { set("progress", newValue) }
    }
    public var shutdownTerminate: Bool {
        get { bool("shutdown_terminate") ?? false }
        set { set("shutdown_terminate", newValue) }
    }
    public var disableTerminate: Bool {
        get { bool("disable_terminate") ?? false }
        set { set("disable_terminate", newValue) }
    }
    public var metadata: [String: String] {
        get { stringDict("metadata") }
        set { set("metadata", newValue) }
    }
    public var systemMetadata: [String: String] {
        get { stringDict("system_metadata") }
        set { set("system_metadata", newValue) }
    }
    public var infoCache: InstanceInfoCache? {
        get { object("info_cache") }
        set { set("info_cache", newValue) }
    }
    public var fault: InstanceFault? {
        get { object("fault") }
        set { set("fault", newValue) }
    }
    public var cleaned: Bool {
        get { bool("cleaned") ?? false }
        set { set("cleaned", newValue) }
    }
    public var flavor: Flavor? {
        get { object("flavor") }
        set { setOrUnset("flavor", newValue) }
    }
    public var oldFlavor: Flavor? {
        get { object("old_flavor") }
        set { set("old_flavor", newValue) }
    }
    public var newFlavor: Flavor? {
        get { object("new_flavor") }
        set { set("new_flavor", newValue) }
    }
    public var keypairs: [KeyPair] {
        get { object("keypairs", as: KeyPairList.self)?.objects ?? [] }
        set { set("keypairs", KeyPairList(objects: newValue)) }
    }
    public var services: [Service] {
        get { object("services", as: ServiceList.self)?.objects ?? [] }
        set { set("services", ServiceList(objects: newValue)) }
    }
    public var hidden: Bool {
        get { bool("hidden") ?? false }
        set { set("hidden", newValue) }
    }

    /// Nova's `instance.name` with the default `instance_name_template` (`instance-%08x` of the id).
    public var name: String {
        guard let id = int("id") else { return "" }
        let hex = String(id, radix: 16)
        return "instance-" + String(repeating: "0", count: max(0, 8 - hex.count)) + hex
    }
}

/// Nova's InstanceList 2.6.
public struct InstanceList: NovaObjectList, Hashable {
    public typealias Element = Instance
    public static let objName = "InstanceList"
    public static let objVersion = "2.6"
    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }
}
