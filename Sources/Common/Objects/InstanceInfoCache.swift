/// A server's cached network info (nova/objects/instance_info_cache.py, 1.5): the `addresses` of the API.
public struct InstanceInfoCache: NovaPersistentObject, Hashable {
    public static let objName = "InstanceInfoCache"
    public static let objVersion = "1.5"
    public static let fields: [Field] =
        NovaPersistentFields.fields + [
            Field("instance_uuid", .uuid),
            // Nova's NetworkModelField: the network_info list serialized as a JSON string.
            Field("network_info", .string, nullable: true),
        ]

    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }

    public var instanceUUID: String {
        get { string("instance_uuid") ?? "" }
        set { set("instance_uuid", newValue) }
    }
    public var networkInfo: String? {
        get { string("network_info") }
        set { set("network_info", newValue) }
    }
    /// `network_info` decoded: a list of VIFs (`{"id", "address", "network": {"label", "subnets": [...]}}`).
    public var networkInfoJSON: JSONValue? {
        get { networkInfo.flatMap { try? JSONValue.parse($0) } }
        set { networkInfo = newValue?.serialized() }
    }
}
