extension SchemaMigration {
    /// Instances and what hangs off them: metadata, system metadata, faults, actions and their events,
    /// migrations, request specs.
    static let m003 = SchemaMigration(
        3, "instances, metadata, faults, actions, migrations, request specs",
        [
            """
            CREATE TABLE instances (id {id}, uuid VARCHAR(36) NOT NULL, user_id VARCHAR(255), project_id VARCHAR(255),
                image_ref VARCHAR(255), kernel_id VARCHAR(255), ramdisk_id VARCHAR(255), hostname VARCHAR(255),
                launch_index INTEGER, key_name VARCHAR(255), key_data TEXT, power_state INTEGER,
                vm_state VARCHAR(255), task_state VARCHAR(255), memory_mb INTEGER, vcpus INTEGER, root_gb INTEGER,
                ephemeral_gb INTEGER, ephemeral_key_uuid VARCHAR(36), host VARCHAR(255), node VARCHAR(255),
                compute_id BIGINT, instance_type_id INTEGER, user_data TEXT, reservation_id VARCHAR(255),
                launched_at {ts}, terminated_at {ts}, availability_zone VARCHAR(255), display_name VARCHAR(255),
                display_description VARCHAR(255), launched_on TEXT, locked INTEGER NOT NULL DEFAULT 0,
                locked_by VARCHAR(20), os_type VARCHAR(255), architecture VARCHAR(255), vm_mode VARCHAR(255),
                root_device_name VARCHAR(255), default_ephemeral_device VARCHAR(255), default_swap_device VARCHAR(255),
                config_drive VARCHAR(255), access_ip_v4 VARCHAR(39), access_ip_v6 VARCHAR(39),
                auto_disk_config INTEGER NOT NULL DEFAULT 0, progress INTEGER,
                shutdown_terminate INTEGER NOT NULL DEFAULT 0, disable_terminate INTEGER NOT NULL DEFAULT 0,
                cell_name VARCHAR(255), cleaned INTEGER NOT NULL DEFAULT 0, hidden INTEGER NOT NULL DEFAULT 0,
                info_cache TEXT, flavor TEXT, old_flavor TEXT, new_flavor TEXT, keypairs TEXT, \(softDeleteColumns))
            """,
            "CREATE UNIQUE INDEX uniq_instances0uuid ON instances (uuid)",
            "CREATE INDEX instances_project_id_deleted_idx ON instances (project_id, deleted)",
            "CREATE INDEX instances_host_deleted_idx ON instances (host, deleted)",
            "CREATE INDEX instances_host_node_deleted_idx ON instances (host, node, deleted)",
            "CREATE INDEX instances_deleted_created_at_idx ON instances (deleted, created_at)",
            "CREATE INDEX instances_updated_at_idx ON instances (updated_at)",
            "CREATE INDEX instances_reservation_id_idx ON instances (reservation_id)",
            """
            CREATE TABLE instance_metadata (id {id}, instance_uuid VARCHAR(36) NOT NULL REFERENCES instances (uuid),
                "key" VARCHAR(255) NOT NULL, "value" VARCHAR(255), \(softDeleteColumns))
            """,
            "CREATE INDEX instance_metadata_instance_uuid_idx ON instance_metadata (instance_uuid)",
            """
            CREATE TABLE instance_system_metadata (id {id},
                instance_uuid VARCHAR(36) NOT NULL REFERENCES instances (uuid), "key" VARCHAR(255) NOT NULL,
                "value" TEXT, \(softDeleteColumns))
            """,
            "CREATE INDEX instance_system_metadata_instance_uuid_idx ON instance_system_metadata (instance_uuid)",
            """
            CREATE TABLE instance_faults (id {id}, instance_uuid VARCHAR(36) NOT NULL REFERENCES instances (uuid),
                code INTEGER NOT NULL, message VARCHAR(255), details TEXT, host VARCHAR(255), \(softDeleteColumns))
            """,
            "CREATE INDEX instance_faults_instance_uuid_idx ON instance_faults (instance_uuid, deleted, created_at)",
            """
            CREATE TABLE instance_actions (id {id}, action VARCHAR(255),
                instance_uuid VARCHAR(36) NOT NULL REFERENCES instances (uuid), request_id VARCHAR(255),
                user_id VARCHAR(255), project_id VARCHAR(255), start_time {ts}, finish_time {ts}, message VARCHAR(255),
                \(softDeleteColumns))
            """,
            "CREATE INDEX instance_actions_instance_uuid_request_id_idx ON instance_actions (instance_uuid, request_id)",
            """
            CREATE TABLE instance_actions_events (id {id}, event VARCHAR(255),
                action_id BIGINT NOT NULL REFERENCES instance_actions (id), start_time {ts}, finish_time {ts},
                result VARCHAR(255), traceback TEXT, host VARCHAR(255), details TEXT, \(softDeleteColumns))
            """,
            "CREATE INDEX instance_actions_events_action_id_idx ON instance_actions_events (action_id)",
            """
            CREATE TABLE migrations (id {id}, uuid VARCHAR(36) NOT NULL, source_compute VARCHAR(255),
                dest_compute VARCHAR(255), source_node VARCHAR(255), dest_node VARCHAR(255), dest_host VARCHAR(255),
                old_instance_type_id INTEGER, new_instance_type_id INTEGER,
                instance_uuid VARCHAR(36) REFERENCES instances (uuid), status VARCHAR(255),
                migration_type VARCHAR(20), hidden INTEGER NOT NULL DEFAULT 0, memory_total BIGINT,
                memory_processed BIGINT, memory_remaining BIGINT, disk_total BIGINT, disk_processed BIGINT,
                disk_remaining BIGINT, cross_cell_move INTEGER NOT NULL DEFAULT 0, user_id VARCHAR(255),
                project_id VARCHAR(255), \(softDeleteColumns))
            """,
            "CREATE UNIQUE INDEX uniq_migrations0uuid ON migrations (uuid)",
            "CREATE INDEX migrations_instance_uuid_idx ON migrations (instance_uuid)",
            "CREATE INDEX migrations_source_compute_status_idx ON migrations (source_compute, status)",
            "CREATE INDEX migrations_dest_compute_status_idx ON migrations (dest_compute, status)",
            """
            CREATE TABLE request_specs (id {id}, instance_uuid VARCHAR(36) NOT NULL, spec TEXT NOT NULL,
                \(timestampColumns))
            """,
            "CREATE UNIQUE INDEX uniq_request_specs0instance_uuid ON request_specs (instance_uuid)",
        ])
}
