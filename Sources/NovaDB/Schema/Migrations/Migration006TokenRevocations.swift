extension SchemaMigration {
    /// What nova-api keeps besides the compute objects: revoked identity tokens (shared by every API
    /// worker), server tags (2.26) and per-user quota limits (Nova's `project_user_quotas`).
    static let m006 = SchemaMigration(6, "token revocations, server tags, per-user quotas", [
        """
        CREATE TABLE token_revocations (id {id}, audit_id VARCHAR(64) NOT NULL, expires_at {ts} NOT NULL,
            \(timestampColumns))
        """,
        "CREATE UNIQUE INDEX uniq_token_revocations0audit_id ON token_revocations (audit_id)",
        "CREATE INDEX token_revocations_expires_at_idx ON token_revocations (expires_at)",
        // No foreign key to instances: tags go with the instance when it is destroyed, and archiving
        // the instance row must never be blocked by them.
        """
        CREATE TABLE tags (resource_id VARCHAR(36) NOT NULL, tag VARCHAR(80) NOT NULL, sort_order INTEGER NOT NULL,
            PRIMARY KEY (resource_id, tag))
        """,
        "CREATE INDEX tags_tag_idx ON tags (tag)",
        """
        CREATE TABLE project_user_quotas (id {id}, project_id VARCHAR(255) NOT NULL, user_id VARCHAR(255) NOT NULL,
            resource VARCHAR(255) NOT NULL, hard_limit INTEGER NOT NULL, \(timestampColumns))
        """,
        """
        CREATE UNIQUE INDEX uniq_project_user_quotas0user_id0project_id0resource
            ON project_user_quotas (user_id, project_id, resource)
        """,
        "CREATE INDEX project_user_quotas_project_id_idx ON project_user_quotas (project_id)",
    ])
}
