/// A host aggregate; its `availability_zone` metadata key makes it an availability zone
/// (nova/objects/aggregate.py, Aggregate 1.3).
public struct Aggregate: NovaPersistentObject, Hashable {
    public static let objName = "Aggregate"
    public static let objVersion = "1.3"
    public static let fields: [Field] =
        NovaPersistentFields.fields + [
            Field("id", .int),
            Field("uuid", .uuid),
            Field("name", .string),
            Field("hosts", .stringList, nullable: true),
            Field("metadata", .stringDict, nullable: true),
        ]
    public static let fieldVersions: [String: String] = ["uuid": "1.2"]

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
    public var name: String {
        get { string("name") ?? "" }
        set { set("name", newValue) }
    }
    public var hosts: [String]? {
        get { optionalStringList("hosts") }
        set { set("hosts", newValue) }
    }
    public var metadata: [String: String]? {
        get { optionalStringDict("metadata") }
        set { set("metadata", newValue) }
    }
    /// The `availability_zone` metadata key (Nova's obj_extra_fields).
    public var availabilityZone: String? { metadata?["availability_zone"] }
}

/// Nova's AggregateList 1.3.
public struct AggregateList: NovaObjectList, Hashable {
    public typealias Element = Aggregate
    public static let objName = "AggregateList"
    public static let objVersion = "1.3"
    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }
}
