extension SchemaMigration {
    /// Services, compute nodes with their inventory, and the allocations claims write.
    static let m001 = SchemaMigration(
        1, "services, compute nodes, inventories, allocations",
        [
            """
            CREATE TABLE services (id {id}, uuid VARCHAR(36) NOT NULL, host VARCHAR(255), "binary" VARCHAR(255),
                topic VARCHAR(255), report_count INTEGER NOT NULL DEFAULT 0, disabled INTEGER NOT NULL DEFAULT 0,
                disabled_reason VARCHAR(255), last_seen_up {ts}, forced_down INTEGER NOT NULL DEFAULT 0,
                version INTEGER NOT NULL DEFAULT 0, \(softDeleteColumns))
            """,
            "CREATE UNIQUE INDEX uniq_services0host0binary0deleted ON services (host, \"binary\", deleted)",
            "CREATE UNIQUE INDEX uniq_services0uuid ON services (uuid)",
            "CREATE INDEX services_host_idx ON services (host)",
            """
            CREATE TABLE compute_nodes (id {id}, uuid VARCHAR(36) NOT NULL, service_id BIGINT, host VARCHAR(255),
                hypervisor_hostname VARCHAR(255), vcpus INTEGER NOT NULL DEFAULT 0, memory_mb INTEGER NOT NULL DEFAULT 0,
                local_gb INTEGER NOT NULL DEFAULT 0, vcpus_used INTEGER NOT NULL DEFAULT 0,
                memory_mb_used INTEGER NOT NULL DEFAULT 0, local_gb_used INTEGER NOT NULL DEFAULT 0,
                hypervisor_type VARCHAR(255), hypervisor_version INTEGER NOT NULL DEFAULT 0, free_ram_mb INTEGER,
                free_disk_gb INTEGER, current_workload INTEGER, running_vms INTEGER, cpu_info TEXT,
                disk_available_least INTEGER, metrics TEXT, stats TEXT, host_ip VARCHAR(39),
                cpu_allocation_ratio DOUBLE PRECISION, ram_allocation_ratio DOUBLE PRECISION,
                disk_allocation_ratio DOUBLE PRECISION, mapped INTEGER NOT NULL DEFAULT 0,
                generation BIGINT NOT NULL DEFAULT 0, \(softDeleteColumns))
            """,
            "CREATE UNIQUE INDEX uniq_compute_nodes0uuid ON compute_nodes (uuid)",
            """
            CREATE UNIQUE INDEX uniq_compute_nodes0host0hypervisor_hostname0deleted
                ON compute_nodes (host, hypervisor_hostname, deleted)
            """,
            """
            CREATE TABLE inventories (id {id}, compute_node_id BIGINT NOT NULL REFERENCES compute_nodes (id),
                resource_class VARCHAR(255) NOT NULL, total INTEGER NOT NULL, reserved INTEGER NOT NULL DEFAULT 0,
                allocation_ratio DOUBLE PRECISION NOT NULL DEFAULT 1, \(timestampColumns))
            """,
            "CREATE UNIQUE INDEX uniq_inventories0node0class ON inventories (compute_node_id, resource_class)",
            """
            CREATE TABLE allocations (id {id}, consumer_id VARCHAR(36) NOT NULL,
                compute_node_id BIGINT NOT NULL REFERENCES compute_nodes (id), resource_class VARCHAR(255) NOT NULL,
                used INTEGER NOT NULL, project_id VARCHAR(255), user_id VARCHAR(255), \(timestampColumns))
            """,
            "CREATE UNIQUE INDEX uniq_allocations0consumer0node0class ON allocations (consumer_id, compute_node_id, resource_class)",
            "CREATE INDEX allocations_node_class_idx ON allocations (compute_node_id, resource_class)",
            "CREATE INDEX allocations_consumer_idx ON allocations (consumer_id)",
        ])
}
