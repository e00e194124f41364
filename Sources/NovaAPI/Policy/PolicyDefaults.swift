/// A rule nova-api defines: its name (Nova's), its default check string, what it guards.
public struct PolicyRule: Sendable, Equatable {
    public let name: String
    public let check: String
    public let description: String

    public init(_ name: String, _ check: String, _ description: String = "") {
        self.name = name
        self.check = check
        self.description = description
    }
}

/// The default rules, named and defaulted as nova/policies/*.py (new defaults: member/reader roles
/// scoped to the project, admin for cloud-wide operations).
public enum PolicyDefaults {
    static let admin = "rule:context_is_admin"
    static let memberOrAdmin = "rule:project_member_or_admin"
    static let readerOrAdmin = "rule:project_reader_or_admin"
    static let keypairOwner = "(rule:context_is_admin) or user_id:%(user_id)s"

    public static let base: [PolicyRule] = [
        PolicyRule("context_is_admin", "role:admin", "Decides what is required for the 'is_admin:True' check."),
        PolicyRule("admin_or_owner", "is_admin:True or project_id:%(project_id)s", "Deprecated default rule."),
        PolicyRule("admin_api", "is_admin:True", "Deprecated default rule for admin APIs."),
        PolicyRule("project_manager_api", "role:manager and project_id:%(project_id)s"),
        PolicyRule("project_member_api", "role:member and project_id:%(project_id)s"),
        PolicyRule("project_reader_api", "role:reader and project_id:%(project_id)s"),
        PolicyRule("project_manager_or_admin", "rule:project_manager_api or rule:context_is_admin"),
        PolicyRule("project_member_or_admin", "rule:project_member_api or rule:context_is_admin"),
        PolicyRule("project_reader_or_admin", "rule:project_reader_api or rule:context_is_admin"),
    ]

    public static let servers: [PolicyRule] = {
        let s = "os_compute_api:servers:"
        return [
            PolicyRule(s + "index", readerOrAdmin, "List all servers"),
            PolicyRule(s + "detail", readerOrAdmin, "List all servers with detailed information"),
            PolicyRule(s + "index:get_all_tenants", admin, "List all servers for all projects"),
            PolicyRule(s + "detail:get_all_tenants", admin, "List all servers with details for all projects"),
            PolicyRule(s + "allow_all_filters", admin, "Allow all filters when listing servers"),
            PolicyRule(s + "show", readerOrAdmin, "Show a server"),
            PolicyRule(s + "show:flavor-extra-specs", readerOrAdmin, "Starting with 2.47, show flavor extra specs"),
            PolicyRule(s + "show:host_status", admin, "Show a server with host status information"),
            PolicyRule(s + "show:host_status:unknown-only", admin, "Show host status only when UNKNOWN"),
            PolicyRule(s + "create", memberOrAdmin, "Create a server"),
            PolicyRule(s + "create:forced_host", admin, "Create a server on the specified host and/or node"),
            PolicyRule("compute:servers:create:requested_destination", admin, "Create a server on a requested host"),
            PolicyRule(s + "create:attach_volume", memberOrAdmin, "Create a server with a volume attached"),
            PolicyRule(s + "create:attach_network", memberOrAdmin, "Create a server with a network attached"),
            PolicyRule(s + "create:trusted_certs", memberOrAdmin, "Create a server with trusted certificates"),
            PolicyRule(s + "create:zero_disk_flavor", admin, "Create a server with a flavor of 0 disk"),
            PolicyRule("network:attach_external_network", admin, "Attach an unshared external network"),
            PolicyRule(s + "delete", memberOrAdmin, "Delete a server"),
            PolicyRule(s + "update", memberOrAdmin, "Update a server"),
            PolicyRule(s + "confirm_resize", memberOrAdmin, "Confirm a server resize"),
            PolicyRule(s + "revert_resize", memberOrAdmin, "Revert a server resize"),
            PolicyRule(s + "reboot", memberOrAdmin, "Reboot a server"),
            PolicyRule(s + "resize", memberOrAdmin, "Resize a server"),
            PolicyRule("compute:servers:resize:cross_cell", "!", "Resize a server across cells"),
            PolicyRule(s + "rebuild", memberOrAdmin, "Rebuild a server"),
            PolicyRule(s + "rebuild:trusted_certs", memberOrAdmin, "Rebuild with trusted certificates"),
            PolicyRule(s + "create_image", memberOrAdmin, "Create an image from a server"),
            PolicyRule(s + "create_image:allow_volume_backed", memberOrAdmin, "Image a volume-backed server"),
            PolicyRule(s + "start", memberOrAdmin, "Start a server"),
            PolicyRule(s + "stop", memberOrAdmin, "Stop a server"),
            PolicyRule(s + "trigger_crash_dump", memberOrAdmin, "Trigger crash dump in a server"),
        ]
    }()

    public static let serverActions: [PolicyRule] = [
        PolicyRule("os_compute_api:os-extended-server-attributes", admin, "Return extended server attributes"),
        PolicyRule("os_compute_api:os-pause-server:pause", memberOrAdmin, "Pause a server"),
        PolicyRule("os_compute_api:os-pause-server:unpause", memberOrAdmin, "Unpause a paused server"),
        PolicyRule("os_compute_api:os-suspend-server:suspend", memberOrAdmin, "Suspend a server"),
        PolicyRule("os_compute_api:os-suspend-server:resume", memberOrAdmin, "Resume a suspended server"),
        PolicyRule("os_compute_api:os-lock-server:lock", memberOrAdmin, "Lock a server"),
        PolicyRule("os_compute_api:os-lock-server:unlock", memberOrAdmin, "Unlock a server"),
        PolicyRule("os_compute_api:os-lock-server:unlock:unlock_override", admin, "Unlock a server locked by another"),
        PolicyRule("os_compute_api:os-migrate-server:migrate", admin, "Cold migrate a server to a host"),
        PolicyRule("os_compute_api:os-migrate-server:migrate:host", admin, "Cold migrate to a specified host"),
        PolicyRule("os_compute_api:os-migrate-server:migrate_live", admin, "Live migrate a server"),
        PolicyRule("os_compute_api:os-evacuate", admin, "Evacuate a server from a failed host"),
        PolicyRule("os_compute_api:os-admin-actions:reset_state", admin, "Reset the state of a given server"),
        PolicyRule("os_compute_api:os-admin-actions:inject_network_info", admin, "Inject network information"),
        PolicyRule("os_compute_api:os-console-output", memberOrAdmin, "Show console output for a server"),
        PolicyRule("os_compute_api:os-shelve:shelve", memberOrAdmin, "Shelve server"),
        PolicyRule("os_compute_api:os-shelve:unshelve", memberOrAdmin, "Unshelve (restore) shelved server"),
        PolicyRule("os_compute_api:os-shelve:shelve_offload", admin, "Shelf-offload (remove) server"),
        PolicyRule("os_compute_api:os-create-backup", memberOrAdmin, "Create a back up of a server"),
        PolicyRule("os_compute_api:ips:index", readerOrAdmin, "List IP addresses that are assigned to a server"),
        PolicyRule("os_compute_api:ips:show", readerOrAdmin, "Show IP addresses details for a network label"),
        PolicyRule("os_compute_api:server-metadata:index", readerOrAdmin, "List all metadata of a server"),
        PolicyRule("os_compute_api:server-metadata:show", readerOrAdmin, "Show metadata for a server"),
        PolicyRule("os_compute_api:server-metadata:create", memberOrAdmin, "Create metadata for a server"),
        PolicyRule("os_compute_api:server-metadata:update_all", memberOrAdmin, "Replace metadata for a server"),
        PolicyRule("os_compute_api:server-metadata:update", memberOrAdmin, "Update metadata from a server"),
        PolicyRule("os_compute_api:server-metadata:delete", memberOrAdmin, "Delete metadata from a server"),
        PolicyRule("os_compute_api:os-instance-actions:list", readerOrAdmin, "List actions for a server"),
        PolicyRule("os_compute_api:os-instance-actions:show", readerOrAdmin, "Show action details for a server"),
        PolicyRule("os_compute_api:os-instance-actions:events", admin, "Add events details in action details"),
        PolicyRule("os_compute_api:os-instance-actions:events:details", admin, "Add event details (host...)"),
    ]

    public static let cloud: [PolicyRule] = {
        var rules = [
            PolicyRule("os_compute_api:os-flavor-manage:create", admin, "Create a flavor"),
            PolicyRule("os_compute_api:os-flavor-manage:update", admin, "Update a flavor"),
            PolicyRule("os_compute_api:os-flavor-manage:delete", admin, "Delete a flavor"),
            PolicyRule("os_compute_api:os-flavor-extra-specs:index", readerOrAdmin, "List extra specs for a flavor"),
            PolicyRule("os_compute_api:os-flavor-extra-specs:show", readerOrAdmin, "Show an extra spec for a flavor"),
            PolicyRule("os_compute_api:os-flavor-extra-specs:create", admin, "Create extra specs for a flavor"),
            PolicyRule("os_compute_api:os-flavor-extra-specs:update", admin, "Update an extra spec for a flavor"),
            PolicyRule("os_compute_api:os-flavor-extra-specs:delete", admin, "Delete an extra spec for a flavor"),
            PolicyRule("os_compute_api:os-flavor-access", admin, "List flavor access information"),
            PolicyRule("os_compute_api:os-flavor-access:add_tenant_access", admin, "Add flavor access to a tenant"),
            PolicyRule("os_compute_api:os-flavor-access:remove_tenant_access", admin, "Remove flavor access"),
            PolicyRule("os_compute_api:os-availability-zone:list", "@", "List availability zone information"),
            PolicyRule("os_compute_api:os-availability-zone:detail", admin, "List detailed availability zones"),
            PolicyRule("os_compute_api:os-migrations:index", admin, "List migrations"),
            PolicyRule("os_compute_api:os-quota-sets:show", readerOrAdmin, "Show a quota"),
            PolicyRule("os_compute_api:os-quota-sets:update", admin, "Update the quotas"),
            PolicyRule("os_compute_api:os-quota-sets:defaults", "@", "List default quotas"),
            PolicyRule("os_compute_api:os-quota-sets:delete", admin, "Revert quotas to defaults"),
            PolicyRule("os_compute_api:os-quota-sets:detail", readerOrAdmin, "Show the detail of quota"),
            PolicyRule("os_compute_api:limits", "@", "Show rate and absolute limits for the current user project"),
            PolicyRule("os_compute_api:limits:other_project", admin, "Show limits of any project"),
            PolicyRule("os_compute_api:os-simple-tenant-usage:show", readerOrAdmin, "Show usage of a project"),
            PolicyRule("os_compute_api:os-simple-tenant-usage:list", admin, "List usage of all projects"),
        ]
        for op in ["index", "create", "show", "delete"] {
            rules.append(PolicyRule("os_compute_api:os-keypairs:\(op)", keypairOwner, "Key pairs: \(op)"))
        }
        for op in ["list", "list-detail", "statistics", "show", "uptime", "search", "servers"] {
            rules.append(PolicyRule("os_compute_api:os-hypervisors:\(op)", admin, "Hypervisors: \(op)"))
        }
        for op in ["list", "update", "delete"] {
            rules.append(PolicyRule("os_compute_api:os-services:\(op)", admin, "Services: \(op)"))
        }
        for op in [
            "index", "create", "show", "update", "delete", "add_host", "remove_host", "set_metadata",
            "images",
        ] {
            rules.append(PolicyRule("os_compute_api:os-aggregates:\(op)", admin, "Aggregates: \(op)"))
        }
        rules += [
            PolicyRule("os_compute_api:os-server-groups:create", memberOrAdmin, "Create a new server group"),
            PolicyRule("os_compute_api:os-server-groups:delete", memberOrAdmin, "Delete a server group"),
            PolicyRule("os_compute_api:os-server-groups:index", readerOrAdmin, "List all server groups"),
            PolicyRule(
                "os_compute_api:os-server-groups:index:all_projects", admin, "List server groups of all projects"),
            PolicyRule("os_compute_api:os-server-groups:show", readerOrAdmin, "Show details of a server group"),
        ]
        return rules
    }()

    /// Every rule nova-api defines.
    public static let rules: [PolicyRule] = base + servers + serverActions + cloud
}
