extension SchemaMigration {
    /// What users pick from: flavors (with extra specs and project access), images, key pairs.
    static let m002 = SchemaMigration(
        2, "flavors, images, key pairs",
        [
            """
            CREATE TABLE flavors (id {id}, flavorid VARCHAR(255) NOT NULL, name VARCHAR(255) NOT NULL,
                memory_mb INTEGER NOT NULL, vcpus INTEGER NOT NULL, root_gb INTEGER NOT NULL DEFAULT 0,
                ephemeral_gb INTEGER NOT NULL DEFAULT 0, swap INTEGER NOT NULL DEFAULT 0,
                rxtx_factor DOUBLE PRECISION DEFAULT 1, vcpu_weight INTEGER, disabled INTEGER NOT NULL DEFAULT 0,
                is_public INTEGER NOT NULL DEFAULT 1, description TEXT, \(timestampColumns))
            """,
            "CREATE UNIQUE INDEX uniq_flavors0flavorid ON flavors (flavorid)",
            "CREATE UNIQUE INDEX uniq_flavors0name ON flavors (name)",
            """
            CREATE TABLE flavor_extra_specs (id {id}, flavor_id BIGINT NOT NULL REFERENCES flavors (id) ON DELETE CASCADE,
                "key" VARCHAR(255) NOT NULL, "value" VARCHAR(255), \(timestampColumns))
            """,
            "CREATE UNIQUE INDEX uniq_flavor_extra_specs0flavor_id0key ON flavor_extra_specs (flavor_id, \"key\")",
            """
            CREATE TABLE flavor_projects (id {id}, flavor_id BIGINT NOT NULL REFERENCES flavors (id) ON DELETE CASCADE,
                project_id VARCHAR(255) NOT NULL, \(timestampColumns))
            """,
            "CREATE UNIQUE INDEX uniq_flavor_projects0flavor_id0project_id ON flavor_projects (flavor_id, project_id)",
            """
            CREATE TABLE images (id VARCHAR(36) PRIMARY KEY, name VARCHAR(255), status VARCHAR(30) NOT NULL,
                size BIGINT, min_ram INTEGER NOT NULL DEFAULT 0, min_disk INTEGER NOT NULL DEFAULT 0,
                disk_format VARCHAR(30), container_format VARCHAR(30), properties TEXT,
                visibility VARCHAR(20) NOT NULL DEFAULT 'public', owner VARCHAR(255),
                protected INTEGER NOT NULL DEFAULT 0, checksum VARCHAR(64), \(timestampColumns))
            """,
            """
            CREATE TABLE key_pairs (id {id}, name VARCHAR(255) NOT NULL, user_id VARCHAR(255) NOT NULL,
                fingerprint VARCHAR(255), public_key TEXT, type VARCHAR(10) NOT NULL DEFAULT 'ssh', \(timestampColumns))
            """,
            "CREATE UNIQUE INDEX uniq_key_pairs0user_id0name ON key_pairs (user_id, name)",
        ])
}
