import Foundation

/// An entry of our read-only image catalog (Nova proxies Glance; mini-Nova keeps the catalog itself,
/// registered with nova-manage). Not a Nova object: version 1.0 is ours.
public struct Image: NovaPersistentObject, Hashable {
    public static let objName = "Image"
    public static let objVersion = "1.0"
    public static let fields: [Field] =
        NovaPersistentFields.fields + [
            Field("id", .uuid),
            Field("name", .string, nullable: true),
            Field("status", .string, default: "active"),
            Field("size", .int, nullable: true),
            Field("min_ram", .int, default: 0),
            Field("min_disk", .int, default: 0),
            Field("disk_format", .string, nullable: true),
            Field("container_format", .string, nullable: true),
            Field("properties", .stringDict, default: [:]),
            Field("visibility", .string, default: "public"),
            Field("owner", .string, nullable: true),
            Field("protected", .bool, default: false),
            Field("checksum", .string, nullable: true),
        ]

    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }

    public var id: String {
        get { string("id") ?? "" }
        set { set("id", newValue) }
    }
    public var name: String? {
        get { string("name") }
        set { set("name", newValue) }
    }
    /// Glance's status (`active`, `queued`, ...); the API shows `ACTIVE` for `active`.
    public var status: String {
        get { string("status") ?? "active" }
        set { set("status", newValue) }
    }
    /// Bytes.
    public var size: Int? {
        get { int("size") }
        set { set("size", newValue) }
    }
    public var minRam: Int {
        get { int("min_ram") ?? 0 }
        set { set("min_ram", newValue) }
    }
    public var minDisk: Int {
        get { int("min_disk") ?? 0 }
        set { set("min_disk", newValue) }
    }
    public var diskFormat: String? {
        get { string("disk_format") }
        set { set("disk_format", newValue) }
    }
    public var containerFormat: String? {
        get { string("container_format") }
        set { set("container_format", newValue) }
    }
    public var properties: [String: String] {
        get { stringDict("properties") }
        set { set("properties", newValue) }
    }
    public var visibility: String {
        get { string("visibility") ?? "public" }
        set { set("visibility", newValue) }
    }
    public var owner: String? {
        get { string("owner") }
        set { set("owner", newValue) }
    }
    public var isProtected: Bool {
        get { bool("protected") ?? false }
        set { set("protected", newValue) }
    }
    public var checksum: String? {
        get { string("checksum") }
        set { set("checksum", newValue) }
    }

    /// The ImageMeta a RequestSpec carries for this image (Nova's ImageMeta.from_dict of Glance's view).
    public func imageMeta() -> ImageMeta {
        var m = ImageMeta()
        m.id = id
        m.name = name ?? ""
        m.status = status
        m.visibility = visibility
        m.isProtected = isProtected
        if let checksum { m.checksum = checksum }
        if let owner { m.owner = owner }
        if let size { m.size = size }
        if let containerFormat { m.containerFormat = containerFormat }
        if let diskFormat { m.diskFormat = diskFormat }
        m.createdAt = createdAt
        m.updatedAt = updatedAt
        m.minRam = minRam
        m.minDisk = minDisk
        m.properties = ImageMetaProps(properties: properties)
        return m
    }
}
