extension SchemaMigration {
    /// The tables `nova-manage db archive_deleted_rows` moves soft-deleted rows into: same columns, no
    /// constraints, so archived rows never block anything.
    static let m005 = SchemaMigration(
        5, "shadow tables",
        SchemaMigration.shadowed.map {
            "CREATE TABLE shadow_\($0) AS SELECT * FROM \($0) WHERE 1 = 0"
        })

    /// Soft-deleted tables, children before parents (the order archiving moves them in).
    public static let shadowed = [
        "instance_actions_events", "instance_actions", "instance_faults", "instance_metadata",
        "instance_system_metadata", "migrations", "instances", "services", "compute_nodes",
    ]
}
