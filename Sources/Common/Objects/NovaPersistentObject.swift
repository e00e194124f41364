import Foundation

/// Objects backed by a database row carry Nova's NovaPersistentObject fields:
/// `created_at`, `updated_at`, `deleted_at` (nullable datetimes) and `deleted` (bool).
public protocol NovaPersistentObject: NovaObject {}

/// The fields every persistent object adds to its own.
public enum NovaPersistentFields {
    public static let fields: [Field] = [
        Field("created_at", .dateTime, nullable: true),
        Field("updated_at", .dateTime, nullable: true),
        Field("deleted_at", .dateTime, nullable: true),
        Field("deleted", .bool, default: false),
    ]
}

extension NovaPersistentObject {
    public var createdAt: Date? {
        get { date("created_at") }
        set { set("created_at", newValue) }
    }
    public var updatedAt: Date? {
        get { date("updated_at") }
        set { set("updated_at", newValue) }
    }
    public var deletedAt: Date? {
        get { date("deleted_at") }
        set { set("deleted_at", newValue) }
    }
    public var deleted: Bool {
        get { bool("deleted") ?? false }
        set { set("deleted", newValue) }
    }
}
