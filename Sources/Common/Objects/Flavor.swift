/// A flavor: the size of an instance (nova/objects/flavor.py, Flavor 1.2).
public struct Flavor: NovaPersistentObject, Hashable {
    public static let objName = "Flavor"
    public static let objVersion = "1.2"
    public static let fields: [Field] =
        NovaPersistentFields.fields + [
            Field("id", .int),
            Field("name", .string, nullable: true),
            Field("memory_mb", .int),
            Field("vcpus", .int),
            Field("root_gb", .int),
            Field("ephemeral_gb", .int),
            Field("flavorid", .string),
            Field("swap", .int),
            Field("rxtx_factor", .float, nullable: true, default: 1.0),
            Field("vcpu_weight", .int, nullable: true),
            Field("disabled", .bool),
            Field("is_public", .bool),
            Field("extra_specs", .stringDict, default: [:]),
            Field("projects", .stringList, default: []),
            Field("description", .string, nullable: true),
        ]
    public static let fieldVersions: [String: String] = ["description": "1.2"]

    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }

    public var id: Int {
        get { int("id") ?? 0 }
        set { set("id", newValue) }
    }
    public var name: String? {
        get { string("name") }
        set { set("name", newValue) }
    }
    public var memoryMB: Int {
        get { int("memory_mb") ?? 0 }
        set { set("memory_mb", newValue) }
    }
    public var vcpus: Int {
        get { int("vcpus") ?? 0 }
        set { set("vcpus", newValue) }
    }
    public var rootGB: Int {
        get { int("root_gb") ?? 0 }
        set { set("root_gb", newValue) }
    }
    public var ephemeralGB: Int {
        get { int("ephemeral_gb") ?? 0 }
        set { set("ephemeral_gb", newValue) }
    }
    /// The flavor's API id (`flavors/{flavorid}`), a string.
    public var flavorID: String {
        get { string("flavorid") ?? "" }
        set { set("flavorid", newValue) }
    }
    public var swap: Int {
        get { int("swap") ?? 0 }
        set { set("swap", newValue) }
    }
    public var rxtxFactor: Double? {
        get { double("rxtx_factor") }
        set { set("rxtx_factor", newValue) }
    }
    public var vcpuWeight: Int? {
        get { int("vcpu_weight") }
        set { set("vcpu_weight", newValue) }
    }
    public var disabled: Bool {
        get { bool("disabled") ?? false }
        set { set("disabled", newValue) }
    }
    public var isPublic: Bool {
        get { bool("is_public") ?? true }
        set { set("is_public", newValue) }
    }
    public var extraSpecs: [String: String] {
        get { stringDict("extra_specs") }
        set { set("extra_specs", newValue) }
    }
    public var projects: [String] {
        get { stringList("projects") }
        set { set("projects", newValue) }
    }
    public var flavorDescription: String? {
        get { string("description") }
        set { set("description", newValue) }
    }
}

/// Nova's FlavorList 1.1.
public struct FlavorList: NovaObjectList, Hashable {
    public typealias Element = Flavor
    public static let objName = "FlavorList"
    public static let objVersion = "1.1"
    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }
}
