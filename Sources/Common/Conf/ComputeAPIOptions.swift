/// Options the compute API's resources read: default quotas (`[quota]`), availability zone names, and
/// whether servers get an admin password.
public enum ComputeAPIOptions {
    static func quota(_ name: String, _ value: Int, _ help: String) -> Opt<Int> {
        Opt<Int>.make(name, group: "quota", kind: .int(min: -1, max: nil), default: .int(value), help: help)
    }

    public static let instances = quota(
        "instances", 10, "The number of instances allowed per project. -1 means unlimited.")
    public static let cores = quota(
        "cores", 20, "The number of instance cores or vCPUs allowed per project. -1 means unlimited.")
    public static let ram = quota(
        "ram", 51200, "The number of megabytes of instance RAM allowed per project. -1 means unlimited.")
    public static let metadataItems = quota(
        "metadata_items", 128, "The number of metadata items allowed per instance. -1 means unlimited.")
    public static let injectedFiles = quota(
        "injected_files", 5, "The number of injected files allowed. -1 means unlimited.")
    public static let injectedFileContentBytes = quota(
        "injected_file_content_bytes", 10240, "The number of bytes allowed per injected file. -1 means unlimited.")
    public static let injectedFilePathLength = quota(
        "injected_file_path_length", 255, "The maximum allowed injected file path length. -1 means unlimited.")
    public static let keyPairs = quota(
        "key_pairs", 100, "The maximum number of key pairs allowed per user. -1 means unlimited.")
    public static let serverGroups = quota(
        "server_groups", 10, "The maximum number of server groups per project. -1 means unlimited.")
    public static let serverGroupMembers = quota(
        "server_group_members", 10, "The maximum number of servers per server group. -1 means unlimited.")

    public static let defaultAvailabilityZone = Opt<String>.make(
        "default_availability_zone", kind: .string, default: .string("nova"),
        help: "Default availability zone for compute services: the zone of a compute host that is in no "
            + "aggregate with an availability_zone.")
    public static let internalServiceAvailabilityZone = Opt<String>.make(
        "internal_service_availability_zone", kind: .string, default: .string("internal"),
        help: "The availability zone shown for internal services (scheduler, conductor).")
    public static let defaultScheduleZone = Opt<String?>.make(
        "default_schedule_zone", kind: .string, default: nil,
        help: "Default availability zone for instances whose create request names none. When unset, "
            + "the scheduler may pick a host in any zone.")
    public static let enableInstancePassword = Opt<Bool>.make(
        "enable_instance_password", group: "api", kind: .bool, default: .bool(true),
        help: "Enables returning of the instance password by the relevant server API calls such as create.")

    public static let all: [OptDefinition] = definitions(
        instances, cores, ram, metadataItems, injectedFiles, injectedFileContentBytes, injectedFilePathLength,
        keyPairs, serverGroups, serverGroupMembers, defaultAvailabilityZone, internalServiceAvailabilityZone,
        defaultScheduleZone, enableInstancePassword)
}
