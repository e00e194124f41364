/// A cold/live migration, resize or evacuation of a server (nova/objects/migration.py, Migration 1.7).
public struct Migration: NovaPersistentObject, Hashable {
    public static let objName = "Migration"
    public static let objVersion = "1.7"
    /// Nova's MigrationType values.
    public enum MigrationType: String, Sendable, CaseIterable {
        case migration
        case resize
        case liveMigration = "live-migration"
        case evacuation
    }

    public static let fields: [Field] =
        NovaPersistentFields.fields + [
            Field("id", .int),
            Field("uuid", .uuid),
            Field("source_compute", .string, nullable: true),
            Field("dest_compute", .string, nullable: true),
            Field("source_node", .string, nullable: true),
            Field("dest_node", .string, nullable: true),
            Field("dest_host", .string, nullable: true),
            Field("old_instance_type_id", .int, nullable: true),
            Field("new_instance_type_id", .int, nullable: true),
            Field("instance_uuid", .string, nullable: true),
            Field("status", .string, nullable: true),
            Field("migration_type", .enumeration(MigrationType.allCases.map(\.rawValue))),
            Field("hidden", .bool, default: false),
            Field("memory_total", .int, nullable: true),
            Field("memory_processed", .int, nullable: true),
            Field("memory_remaining", .int, nullable: true),
            Field("disk_total", .int, nullable: true),
            Field("disk_processed", .int, nullable: true),
            Field("disk_remaining", .int, nullable: true),
            Field("cross_cell_move", .bool, default: false),
            Field("user_id", .string, nullable: true),
            Field("project_id", .string, nullable: true),
        ]
    public static let fieldVersions: [String: String] = [
        "migration_type": "1.2", "hidden": "1.2",
        "memory_total": "1.4", "memory_processed": "1.4", "memory_remaining": "1.4",
        "disk_total": "1.4", "disk_processed": "1.4", "disk_remaining": "1.4",
        "uuid": "1.5", "cross_cell_move": "1.6", "user_id": "1.7", "project_id": "1.7",
    ]

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
    public var sourceCompute: String? {
        get { string("source_compute") }
        set { set("source_compute", newValue) }
    }
    public var destCompute: String? {
        get { string("dest_compute") }
        set { set("dest_compute", newValue) }
    }
    public var sourceNode: String? {
        get { string("source_node") }
        set { set("source_node", newValue) }
    }
    public var destNode: String? {
        get { string("dest_node") }
        set { set("dest_node", newValue) }
    }
    /// The destination host's IP.
    public var destHost: String? {
        get { string("dest_host") }
        set { set("dest_host", newValue) }
    }
    public var oldInstanceTypeID: Int? {
        get { int("old_instance_type_id") }
        set { set("old_instance_type_id", newValue) }
    }
    public var newInstanceTypeID: Int? {
        get { int("new_instance_type_id") }
        set { set("new_instance_type_id", newValue) }
    }
    public var instanceUUID: String? {
        get { string("instance_uuid") }
        set { set("instance_uuid", newValue) }
    }
    /// Nova's statuses: `pre-migrating`, `migrating`, `post-migrating`, `finished`, `confirming`,
    /// `confirmed`, `reverting`, `reverted`, `done`, `accepted`, `error`, `failed`...
    public var status: String? {
        get { string("status") }
        set { set("status", newValue) }
    }
    public var migrationType: MigrationType? {
        get { enumValue("migration_type") }
        set { set("migration_type", newValue) }
    }
    public var hidden: Bool {
        get { bool("hidden") ?? false }
        set { set("hidden", newValue) }
    }
    public var crossCellMove: Bool {
        get { bool("cross_cell_move") ?? false }
        set { set("cross_cell_move", newValue) }
    }
    public var userID: String? {
        get { string("user_id") }
        set { set("user_id", newValue) }
    }
    public var projectID: String? {
        get { string("project_id") }
        set { set("project_id", newValue) }
    }
    public var isResize: Bool { migrationType == .resize }
    public var isLiveMigration: Bool { migrationType == .liveMigration }
}

/// Nova's MigrationList 1.5.
public struct MigrationList: NovaObjectList, Hashable {
    public typealias Element = Migration
    public static let objName = "MigrationList"
    public static let objVersion = "1.5"
    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }
}
