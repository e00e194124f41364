/// What the scheduler is asked to place (nova/objects/request_spec.py, RequestSpec 1.14).
///
/// Left out: numa_topology, pci_requests, security_groups, network_metadata, requested_resources,
/// request_level_params, requested_networks (no NUMA/PCI/Neutron/placement request groups here).
public struct RequestSpec: NovaObject, Hashable {
    public static let objName = "RequestSpec"
    public static let objVersion = "1.14"
    public static let fields: [Field] = [
        Field("id", .int),
        Field("image", .object("ImageMeta"), nullable: true),
        Field("project_id", .string, nullable: true),
        Field("user_id", .string, nullable: true),
        Field("availability_zone", .string, nullable: true),
        Field("flavor", .object("Flavor")),
        Field("num_instances", .int, default: 1),
        Field("ignore_hosts", .stringList, nullable: true),
        Field("force_hosts", .stringList, nullable: true),
        Field("force_nodes", .stringList, nullable: true),
        Field("requested_destination", .object("Destination"), nullable: true, default: .null),
        Field("retry", .object("SchedulerRetries"), nullable: true),
        Field("limits", .object("SchedulerLimits"), nullable: true),
        Field("instance_group", .object("InstanceGroup"), nullable: true),
        // DictOfListOfStringsField: {"group": ["<uuid>"], "same_host": ["<uuid>", ...]}.
        Field("scheduler_hints", .json, nullable: true),
        Field("instance_uuid", .uuid),
        Field("is_bfv", .bool),
    ]
    public static let fieldVersions: [String: String] = [
        "requested_destination": "1.6", "user_id": "1.9", "is_bfv": "1.11",
    ]

    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }

    public var id: Int {
        get { int("id") ?? 0 }
        set { set("id", newValue) }
    }
    public var image: ImageMeta? {
        get { object("image") }
        set { set("image", newValue) }
    }
    public var projectID: String? {
        get { string("project_id") }
        set { set("project_id", newValue) }
    }
    public var userID: String? {
        get { string("user_id") }
        set { set("user_id", newValue) }
    }
    public var availabilityZone: String? {
        get { string("availability_zone") }
        set { set("availability_zone", newValue) }
    }
    public var flavor: Flavor? {
        get { object("flavor") }
        set { setOrUnset("flavor", newValue) }
    }
    public var numInstances: Int {
        get { int("num_instances") ?? 1 }
        set { set("num_instances", newValue) }
    }
    public var ignoreHosts: [String]? {
        get { optionalStringList("ignore_hosts") }
        set { set("ignore_hosts", newValue) }
    }
    public var forceHosts: [String]? {
        get { optionalStringList("force_hosts") }
        set { set("force_hosts", newValue) }
    }
    public var forceNodes: [String]? {
        get { optionalStringList("force_nodes") }
        set { set("force_nodes", newValue) }
    }
    /// Forgets the hosts and nodes a boot was forced to (`availability_zone` `zone:host:node`), as Nova's
    /// reset_forced_destinations before a move: they pinned the first placement, not every later one.
    public mutating func resetForcedDestinations() {
        if forceHosts != nil { forceHosts = nil }
        if forceNodes != nil { forceNodes = nil }
    }

    public var requestedDestination: Destination? {
        get { object("requested_destination") }
        set { set("requested_destination", newValue) }
    }
    public var retry: SchedulerRetries? {
        get { object("retry") }
        set { set("retry", newValue) }
    }
    public var limits: SchedulerLimits? {
        get { object("limits") }
        set { set("limits", newValue) }
    }
    public var instanceGroup: InstanceGroup? {
        get { object("instance_group") }
        set { set("instance_group", newValue) }
    }
    public var schedulerHints: [String: [String]]? {
        get {
            guard let o = json("scheduler_hints")?.objectValue else { return nil }
            return o.mapValues { v in v.arrayValue?.compactMap { $0.stringValue } ?? v.stringValue.map { [$0] } ?? [] }
        }
        set {
            set("scheduler_hints", json: newValue.map { .object($0.mapValues { .array($0.map { .string($0) }) }) })
        }
    }
    public var instanceUUID: String {
        get { string("instance_uuid") ?? "" }
        set { set("instance_uuid", newValue) }
    }
    public var isBFV: Bool {
        get { bool("is_bfv") ?? false }
        set { set("is_bfv", newValue) }
    }

    /// One hint's values (a single value is a one-item list, as Nova stores hints).
    public func schedulerHint(_ name: String) -> [String]? { schedulerHints?[name] }

    // The flavor's sizes, as Nova's RequestSpec properties.
    public var vcpus: Int { flavor?.vcpus ?? 0 }
    public var memoryMB: Int { flavor?.memoryMB ?? 0 }
    public var rootGB: Int { flavor?.rootGB ?? 0 }
    public var ephemeralGB: Int { flavor?.ephemeralGB ?? 0 }
    public var swap: Int { flavor?.swap ?? 0 }
}
