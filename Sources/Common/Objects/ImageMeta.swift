import Foundation

/// The image an instance boots from, as passed around in a RequestSpec (nova/objects/image_meta.py, 1.8).
public struct ImageMeta: NovaObject, Hashable {
    public static let objName = "ImageMeta"
    public static let objVersion = "1.8"
    public static let fields: [Field] = [
        Field("id", .uuid),
        Field("name", .string),
        Field("status", .string),
        Field("visibility", .string),
        Field("protected", .bool),
        Field("checksum", .string),
        Field("owner", .string),
        Field("size", .int),
        Field("virtual_size", .int),
        Field("container_format", .string),
        Field("disk_format", .string),
        Field("created_at", .dateTime, nullable: true),
        Field("updated_at", .dateTime, nullable: true),
        Field("tags", .stringList),
        Field("direct_url", .string),
        Field("min_ram", .int),
        Field("min_disk", .int),
        Field("properties", .object("ImageMetaProps")),
    ]

    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }

    public var id: String {
        get { string("id") ?? "" }
        set { set("id", newValue) }
    }
    public var name: String {
        get { string("name") ?? "" }
        set { set("name", newValue) }
    }
    public var status: String {
        get { string("status") ?? "" }
        set { set("status", newValue) }
    }
    public var visibility: String {
        get { string("visibility") ?? "" }
        set { set("visibility", newValue) }
    }
    public var isProtected: Bool {
        get { bool("protected") ?? false }
        set { set("protected", newValue) }
    }
    public var checksum: String {
        get { string("checksum") ?? "" }
        set { set("checksum", newValue) }
    }
    public var owner: String {
        get { string("owner") ?? "" }
        set { set("owner", newValue) }
    }
    public var size: Int {
        get { int("size") ?? 0 }
        set { set("size", newValue) }
    }
    public var virtualSize: Int {
        get { int("virtual_size") ?? 0 }
        set { set("virtual_size", newValue) }
    }
    public var containerFormat: String {
        get { string("container_format") ?? "" }
        set { set("container_format", newValue) }
    }
    public var diskFormat: String {
        get { string("disk_format") ?? "" }
        set { set("disk_format", newValue) }
    }
    public var createdAt: Date? {
        get { date("created_at") }
        set { set("created_at", newValue) }
    }
    public var updatedAt: Date? {
        get { date("updated_at") }
        set { set("updated_at", newValue) }
    }
    public var tags: [String] {
        get { stringList("tags") }
        set { set("tags", newValue) }
    }
    public var minRam: Int {
        get { int("min_ram") ?? 0 }
        set { set("min_ram", newValue) }
    }
    public var minDisk: Int {
        get { int("min_disk") ?? 0 }
        set { set("min_disk", newValue) }
    }
    public var properties: ImageMetaProps? {
        get { object("properties") }
        set { setOrUnset("properties", newValue) }
    }
}
