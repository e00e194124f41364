import Common

/// The object ↔ table mappings the store uses (columns as in the migrations).
enum Tables {
    static let softDelete: [(String, ColumnKind)] = [
        ("created_at", .date), ("updated_at", .date), ("deleted_at", .date), ("deleted", .deleted),
    ]
    static let timestamps: [(String, ColumnKind)] = [("created_at", .date), ("updated_at", .date)]

    static let services = ObjectTable<Service>(
        "services",
        [
            ("id", .int), ("uuid", .text), ("host", .text), ("binary", .text), ("topic", .text),
            ("report_count", .int), ("disabled", .bool), ("disabled_reason", .text), ("last_seen_up", .date),
            ("forced_down", .bool), ("version", .int),
        ] + softDelete)

    static let computeNodes = ObjectTable<ComputeNode>(
        "compute_nodes",
        [
            ("id", .int), ("uuid", .text), ("service_id", .int), ("host", .text), ("hypervisor_hostname", .text),
            ("vcpus", .int), ("memory_mb", .int), ("local_gb", .int), ("vcpus_used", .int), ("memory_mb_used", .int),
            ("local_gb_used", .int), ("hypervisor_type", .text), ("hypervisor_version", .int), ("free_ram_mb", .int),
            ("free_disk_gb", .int), ("current_workload", .int), ("running_vms", .int), ("cpu_info", .text),
            ("disk_available_least", .int), ("metrics", .text), ("stats", .json), ("host_ip", .text),
            ("cpu_allocation_ratio", .double), ("ram_allocation_ratio", .double), ("disk_allocation_ratio", .double),
            ("mapped", .int),
        ] + softDelete)

    static let flavors = ObjectTable<Flavor>(
        "flavors",
        [
            ("id", .int), ("flavorid", .text), ("name", .text), ("memory_mb", .int), ("vcpus", .int), ("root_gb", .int),
            ("ephemeral_gb", .int), ("swap", .int), ("rxtx_factor", .double), ("vcpu_weight", .int),
            ("disabled", .bool),
            ("is_public", .bool), ("description", .text),
        ] + timestamps)

    static let images = ObjectTable<Image>(
        "images",
        [
            ("id", .text), ("name", .text), ("status", .text), ("size", .int), ("min_ram", .int), ("min_disk", .int),
            ("disk_format", .text), ("container_format", .text), ("properties", .json), ("visibility", .text),
            ("owner", .text), ("protected", .bool), ("checksum", .text),
        ] + timestamps)

    static let keyPairs = ObjectTable<KeyPair>(
        "key_pairs",
        [
            ("id", .int), ("name", .text), ("user_id", .text), ("fingerprint", .text), ("public_key", .text),
            ("type", .text),
        ] + timestamps)

    static let instances = ObjectTable<Instance>(
        "instances",
        [
            ("id", .int), ("uuid", .text), ("user_id", .text), ("project_id", .text), ("image_ref", .text),
            ("kernel_id", .text), ("ramdisk_id", .text), ("hostname", .text), ("launch_index", .int),
            ("key_name", .text), ("key_data", .text), ("power_state", .int), ("vm_state", .text),
            ("task_state", .text), ("memory_mb", .int), ("vcpus", .int), ("root_gb", .int), ("ephemeral_gb", .int),
            ("ephemeral_key_uuid", .text), ("host", .text), ("node", .text), ("compute_id", .int),
            ("instance_type_id", .int), ("user_data", .text), ("reservation_id", .text), ("launched_at", .date),
            ("terminated_at", .date), ("availability_zone", .text), ("display_name", .text),
            ("display_description", .text), ("launched_on", .text), ("locked", .bool), ("locked_by", .text),
            ("os_type", .text), ("architecture", .text), ("vm_mode", .text), ("root_device_name", .text),
            ("default_ephemeral_device", .text), ("default_swap_device", .text), ("config_drive", .text),
            ("access_ip_v4", .text), ("access_ip_v6", .text), ("auto_disk_config", .bool), ("progress", .int),
            ("shutdown_terminate", .bool), ("disable_terminate", .bool), ("cell_name", .text), ("cleaned", .bool),
            ("hidden", .bool), ("info_cache", .json), ("flavor", .json), ("old_flavor", .json), ("new_flavor", .json),
            ("keypairs", .json),
        ] + softDelete)

    static let faults = ObjectTable<InstanceFault>(
        "instance_faults",
        [
            ("id", .int), ("instance_uuid", .text), ("code", .int), ("message", .text), ("details", .text),
            ("host", .text),
        ] + softDelete)

    static let actions = ObjectTable<InstanceAction>(
        "instance_actions",
        [
            ("id", .int), ("action", .text), ("instance_uuid", .text), ("request_id", .text), ("user_id", .text),
            ("project_id", .text), ("start_time", .date), ("finish_time", .date), ("message", .text),
        ] + softDelete)

    static let events = ObjectTable<InstanceActionEvent>(
        "instance_actions_events",
        [
            ("id", .int), ("event", .text), ("action_id", .int), ("start_time", .date), ("finish_time", .date),
            ("result", .text), ("traceback", .text), ("host", .text), ("details", .text),
        ] + softDelete)

    static let migrations = ObjectTable<Migration>(
        "migrations",
        [
            ("id", .int), ("uuid", .text), ("source_compute", .text), ("dest_compute", .text), ("source_node", .text),
            ("dest_node", .text), ("dest_host", .text), ("old_instance_type_id", .int), ("new_instance_type_id", .int),
            ("instance_uuid", .text), ("status", .text), ("migration_type", .text), ("hidden", .bool),
            ("memory_total", .int), ("memory_processed", .int), ("memory_remaining", .int), ("disk_total", .int),
            ("disk_processed", .int), ("disk_remaining", .int), ("cross_cell_move", .bool), ("user_id", .text),
            ("project_id", .text),
        ] + softDelete)

    static let aggregates = ObjectTable<Aggregate>(
        "aggregates",
        [("id", .int), ("uuid", .text), ("name", .text)]
            + timestamps)

    static let groups = ObjectTable<InstanceGroup>(
        "instance_groups",
        [
            ("id", .int), ("uuid", .text), ("name", .text), ("user_id", .text), ("project_id", .text),
            ("policy", .text),
        ] + timestamps)

    static let allocations = ObjectTable<Allocation>(
        "allocations",
        [
            ("id", .int), ("consumer_id", .text), ("resource_class", .text), ("used", .int), ("project_id", .text),
            ("user_id", .text),
        ])
}
