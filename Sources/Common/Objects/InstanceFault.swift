/// The last error recorded against a server, shown as `fault` in the API when it is in ERROR
/// (nova/objects/instance_fault.py, InstanceFault 1.2).
public struct InstanceFault: NovaPersistentObject, Hashable {
    public static let objName = "InstanceFault"
    public static let objVersion = "1.2"
    public static let fields: [Field] =
        NovaPersistentFields.fields + [
            Field("id", .int),
            Field("instance_uuid", .uuid),
            Field("code", .int),
            Field("message", .string, nullable: true),
            Field("details", .string, nullable: true),
            Field("host", .string, nullable: true),
        ]

    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }

    public var id: Int {
        get { int("id") ?? 0 }
        set { set("id", newValue) }
    }
    public var instanceUUID: String {
        get { string("instance_uuid") ?? "" }
        set { set("instance_uuid", newValue) }
    }
    /// The HTTP-like code of the error (500 for an unexpected one).
    public var code: Int {
        get { int("code") ?? 0 }
        set { set("code", newValue) }
    }
    public var message: String? {
        get { string("message") }
        set { set("message", newValue) }
    }
    /// The traceback or details; the API shows it to admins only.
    public var details: String? {
        get { string("details") }
        set { set("details", newValue) }
    }
    public var host: String? {
        get { string("host") }
        set { set("host", newValue) }
    }
}

/// Nova's InstanceFaultList 1.2.
public struct InstanceFaultList: NovaObjectList, Hashable {
    public typealias Element = InstanceFault
    public static let objName = "InstanceFaultList"
    public static let objVersion = "1.2"
    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }
}
