/// Resources a consumer (an instance, or a migration during a move) holds on a compute node.
///
/// Placement's allocation, kept by mini-Nova itself (no placement service): one row per
/// consumer, node and resource class. Not a Nova RPC object: version 1.0 is ours.
public struct Allocation: NovaObject, Hashable {
    public static let objName = "Allocation"
    public static let objVersion = "1.0"
    public static let fields: [Field] = [
        Field("id", .int),
        Field("consumer_id", .uuid),
        Field("resource_provider_uuid", .uuid),
        Field("resource_provider_id", .int, nullable: true),
        Field("resource_class", .string),
        Field("used", .int),
        Field("project_id", .string, nullable: true),
        Field("user_id", .string, nullable: true),
    ]

    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }

    public init(consumerID: String, nodeUUID: String, resourceClass: ResourceClass, used: Int) {
        self.init()
        self.consumerID = consumerID
        self.resourceProviderUUID = nodeUUID
        self.resourceClass = resourceClass.rawValue
        self.used = used
    }

    public var id: Int {
        get { int("id") ?? 0 }
        set { set("id", newValue) }
    }
    /// The instance (or migration) uuid holding the resources.
    public var consumerID: String {
        get { string("consumer_id") ?? "" }
        set { set("consumer_id", newValue) }
    }
    /// ComputeNode.uuid.
    public var resourceProviderUUID: String {
        get { string("resource_provider_uuid") ?? "" }
        set { set("resource_provider_uuid", newValue) }
    }
    /// ComputeNode.id, when known.
    public var resourceProviderID: Int? {
        get { int("resource_provider_id") }
        set { set("resource_provider_id", newValue) }
    }
    /// `VCPU`, `MEMORY_MB`, `DISK_GB` (see ResourceClass).
    public var resourceClass: String {
        get { string("resource_class") ?? "" }
        set { set("resource_class", newValue) }
    }
    public var used: Int {
        get { int("used") ?? 0 }
        set { set("used", newValue) }
    }
    public var projectID: String? {
        get { string("project_id") }
        set { set("project_id", newValue) }
    }
    public var userID: String? {
        get { string("user_id") }
        set { set("user_id", newValue) }
    }
}
