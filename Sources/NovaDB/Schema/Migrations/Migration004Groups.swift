extension SchemaMigration {
    /// Host aggregates, server groups and quota limits.
    static let m004 = SchemaMigration(
        4, "aggregates, instance groups, quotas",
        [
            "CREATE TABLE aggregates (id {id}, uuid VARCHAR(36) NOT NULL, name VARCHAR(255) NOT NULL, \(timestampColumns))",
            "CREATE UNIQUE INDEX uniq_aggregates0uuid ON aggregates (uuid)",
            "CREATE UNIQUE INDEX uniq_aggregates0name ON aggregates (name)",
            """
            CREATE TABLE aggregate_hosts (id {id}, aggregate_id BIGINT NOT NULL REFERENCES aggregates (id) ON DELETE CASCADE,
                host VARCHAR(255) NOT NULL, \(timestampColumns))
            """,
            "CREATE UNIQUE INDEX uniq_aggregate_hosts0host0aggregate_id ON aggregate_hosts (host, aggregate_id)",
            """
            CREATE TABLE aggregate_metadata (id {id},
                aggregate_id BIGINT NOT NULL REFERENCES aggregates (id) ON DELETE CASCADE, "key" VARCHAR(255) NOT NULL,
                "value" VARCHAR(255) NOT NULL, \(timestampColumns))
            """,
            "CREATE UNIQUE INDEX uniq_aggregate_metadata0aggregate_id0key ON aggregate_metadata (aggregate_id, \"key\")",
            """
            CREATE TABLE instance_groups (id {id}, uuid VARCHAR(36) NOT NULL, name VARCHAR(255), user_id VARCHAR(255),
                project_id VARCHAR(255), policy VARCHAR(255), rules TEXT, \(timestampColumns))
            """,
            "CREATE UNIQUE INDEX uniq_instance_groups0uuid ON instance_groups (uuid)",
            "CREATE INDEX instance_groups_project_id_idx ON instance_groups (project_id)",
            """
            CREATE TABLE instance_group_member (id {id},
                group_id BIGINT NOT NULL REFERENCES instance_groups (id) ON DELETE CASCADE,
                instance_uuid VARCHAR(36) NOT NULL, \(timestampColumns))
            """,
            "CREATE UNIQUE INDEX uniq_instance_group_member0group_id0instance_uuid ON instance_group_member (group_id, instance_uuid)",
            "CREATE INDEX instance_group_member_instance_uuid_idx ON instance_group_member (instance_uuid)",
            """
            CREATE TABLE quotas (id {id}, project_id VARCHAR(255) NOT NULL, resource VARCHAR(255) NOT NULL,
                hard_limit INTEGER NOT NULL, \(timestampColumns))
            """,
            "CREATE UNIQUE INDEX uniq_quotas0project_id0resource ON quotas (project_id, resource)",
            """
            CREATE TABLE quota_classes (id {id}, class_name VARCHAR(255) NOT NULL, resource VARCHAR(255) NOT NULL,
                hard_limit INTEGER NOT NULL, \(timestampColumns))
            """,
            "CREATE UNIQUE INDEX uniq_quota_classes0class_name0resource ON quota_classes (class_name, resource)",
        ])
}
