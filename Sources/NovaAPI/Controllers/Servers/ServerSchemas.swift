import Common

/// Request schemas of `/servers` (nova/api/openstack/compute/schemas/servers.py), by microversion.
enum ServerSchemas {
    static let validSortKeys: [String] =
        [
            "access_ip_v4", "access_ip_v6", "auto_disk_config", "availability_zone", "config_drive", "created_at",
            "display_description", "display_name", "host", "hostname", "image_ref", "instance_type_id", "kernel_id",
            "key_name", "launch_index", "launched_at", "locked_by", "node", "power_state", "progress", "project_id",
            "ramdisk_id", "root_device_name", "task_state", "terminated_at", "updated_at", "user_id", "uuid",
            "vm_state",
        ] + ServersController.ignoredSortKeys.sorted()

    static let listFilters =
        [
            "user_id", "project_id", "tenant_id", "launch_index", "image_ref", "image", "kernel_id", "ramdisk_id",
            "hostname", "key_name", "power_state", "vm_state", "task_state", "host", "node", "flavor", "reservation_id",
            "launched_at", "terminated_at", "availability_zone", "name", "display_name", "description",
            "display_description", "locked_by", "uuid", "root_device_name", "config_drive", "access_ip_v4",
            "access_ip_v6", "auto_disk_config", "progress", "sort_dir", "all_tenants", "soft_deleted", "deleted",
            "status", "ip", "ip6", "created_at",
        ] + ServersController.joinedTableFilters.sorted()

    static func listQuery(_ v: Microversion) -> Schema {
        var props: [(String, Schema)] = listFilters.map { ($0, ParameterTypes.queryParam) }
        props.append(("changes-since", .multi(.string())))
        props += ParameterTypes.pagination
        if v >= "2.26" {
            props += ["tags", "tags-any", "not-tags", "not-tags-any"].map { ($0, ParameterTypes.queryParam) }
        }
        if v >= "2.66" { props.append(("changes-before", .multi(.string()))) }
        var sortKeys = validSortKeys
        if v >= "2.73" {
            props.append(("locked", ParameterTypes.queryParam))
            if !sortKeys.contains("locked") { sortKeys.append("locked") }
        }
        if v >= "2.75" {
            sortKeys = sortKeys.filter { !ServersController.ignoredSortKeys.contains($0) || $0 == "locked" }
        }
        props.append(("sort_key", .multi(.enumeration(sortKeys.map { .string($0) }))))
        var s = Schema.object(props, additionalProperties: v < "2.75")
        s.patternProperties = [("^_", ParameterTypes.queryParam)]
        return s
    }

    static func update(description: Bool) -> Schema {
        var props: [(String, Schema)] = [
            ("name", ParameterTypes.name), ("OS-DCF:diskConfig", ParameterTypes.diskConfig),
            ("accessIPv4", .string(format: "ipv4")), ("accessIPv6", .string(format: "ipv6")),
        ]
        if description { props.append(("description", ParameterTypes.description)) }
        return .wrapper("server", .object(props))
    }

    static let hints: Schema = {
        let uuidList = Schema.oneOf([ParameterTypes.uuid, .array(ParameterTypes.uuid)])
        var sameHost = Schema()
        sameHost.types = [.string, .array]
        sameHost.items = Schema.Box(ParameterTypes.uuid)
        return .object(
            [("group", ParameterTypes.uuid), ("different_host", uuidList), ("same_host", sameHost)],
            additionalProperties: true)
    }()

    static func network(_ v: Microversion) -> Schema {
        var props: [(String, Schema)] = [
            ("fixed_ip", .string()), ("port", .oneOf([ParameterTypes.uuid, .null])),
            ("uuid", v >= "2.37" ? ParameterTypes.uuid : .string()),
        ]
        if v >= "2.42" || v == "2.32" || (v >= "2.33" && v < "2.37") { props.append(("tag", ParameterTypes.tag)) }
        return .object(props)
    }

    static func create(_ v: Microversion) -> Schema {
        let networks: Schema =
            v >= "2.37"
            ? .oneOf([.array(network(v)), .enumeration(["none", "auto"])]) : .array(network(v))
        var userData = Schema.string(maxLength: 65535)
        userData.format = "base64"
        var props: [(String, Schema)] = [
            ("name", ParameterTypes.name), ("imageRef", .string()), ("flavorRef", ParameterTypes.flavorRef),
            ("adminPass", .string()), ("metadata", ParameterTypes.metadata), ("networks", networks),
            ("OS-DCF:diskConfig", ParameterTypes.diskConfig), ("accessIPv4", .string(format: "ipv4")),
            ("accessIPv6", .string(format: "ipv6")), ("availability_zone", ParameterTypes.name),
            ("block_device_mapping", .array(.any)), ("block_device_mapping_v2", .array(.any)),
            ("config_drive", .booleanLike), ("key_name", ParameterTypes.name),
            ("min_count", ParameterTypes.positiveInteger), ("max_count", ParameterTypes.positiveInteger),
            ("return_reservation_id", .booleanLike),
            ("security_groups", .array(.object([("name", ParameterTypes.name)]))), ("user_data", userData),
        ]
        if v < "2.57" { props.append(("personality", .array(.any))) }
        if v >= "2.19" { props.append(("description", ParameterTypes.description)) }
        if v >= "2.52" { props.append(("tags", .array(ParameterTypes.tag, maxItems: 50))) }
        if v >= "2.63" { props.append(("trusted_image_certificates", Schema.array(.string(minLength: 1)).nullable())) }
        if v >= "2.74" {
            props.append(("host", ParameterTypes.hostname))
            props.append(("hypervisor_hostname", ParameterTypes.hostname))
        }
        var server = Schema.object(
            props, required: v >= "2.37" ? ["name", "flavorRef", "networks"] : ["name", "flavorRef"])
        server.additionalProperties = .forbidden
        return .object(
            [("server", server), ("os:scheduler_hints", hints), ("OS-SCH-HNT:scheduler_hints", hints)],
            required: ["server"])
    }
}
