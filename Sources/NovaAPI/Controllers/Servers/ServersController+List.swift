import Common
import Foundation

/// `GET /servers` and `/servers/detail`: Nova's `_get_servers` filters, sorting and paging.
extension ServersController {
    static let nonAdminFilters: Set<String> = [
        "reservation_id", "name", "status", "image", "flavor", "ip", "changes-since", "all_tenants",
    ]
    static let pagingParameters: Set<String> = ["limit", "marker", "sort_key", "sort_dir"]
    static let joinedTableFilters: Set<String> = [
        "block_device_mapping", "services", "metadata", "system_metadata", "info_cache", "security_groups",
        "pci_devices",
    ]
    static let ignoredSortKeys: Set<String> = [
        "architecture", "cell_name", "cleaned", "default_ephemeral_device", "default_swap_device", "deleted",
        "deleted_at", "disable_terminate", "ephemeral_gb", "ephemeral_key_uuid", "id", "key_data", "launched_on",
        "locked", "memory_mb", "os_type", "reservation_id", "root_gb", "shutdown_terminate", "user_data", "vcpus",
        "vm_mode",
    ]

    func allowedFilters(_ req: APIRequest) -> Set<String> {
        var allowed = Self.nonAdminFilters
        let v = req.microversion
        if v >= "2.5" { allowed.insert("ip6") }
        if v >= "2.26" { allowed.formUnion(["tags", "tags-any", "not-tags", "not-tags-any"]) }
        if v >= "2.66" { allowed.insert("changes-before") }
        if v >= "2.73" { allowed.insert("locked") }
        if v >= "2.83" {
            allowed.formUnion([
                "availability_zone", "config_drive", "key_name", "created_at", "launched_at", "terminated_at",
                "power_state", "task_state", "vm_state", "progress", "user_id",
            ])
        }
        return allowed
    }

    func list(req: APIRequest, detail: Bool) async throws -> APIResponse {
        try SchemaValidator.validateQuery(req.query, ServerSchemas.listQuery(req.microversion))
        let page = try req.pagination()
        var filters: [String: String] = [:]
        for key in req.query.keys { filters[key] = req.query[key] }
        if !req.isAllowed("os_compute_api:servers:allow_all_filters") {
            let allowed = allowedFilters(req)
            filters = filters.filter { allowed.contains($0.key) || Self.pagingParameters.contains($0.key) }
        }
        if let bad = filters.keys.sorted().first(where: Self.joinedTableFilters.contains) {
            throw APIError.badRequest("Invalid filter field: \(bad).")
        }
        guard var query = try await instanceQuery(req, filters: filters, detail: detail) else {
            return .ok(["servers": []])
        }
        query.limit = page.limit
        query.marker = page.marker
        query.sort = try sortKeys(req)
        let instances = try await r.store.instances(query)
        let body: [JSONValue]
        if detail {
            let view = try await ServerViewBuilder.make(r, req, for: instances)
            body = instances.map { view.detail($0) }
        } else {
            body = instances.map { ServerViewBuilder.basic($0, req) }
        }
        var out: [String: JSONValue] = ["servers": .array(body)]
        let links = req.links.collectionLinks(
            detail ? "servers/detail" : "servers", itemCount: instances.count, lastId: instances.last?.uuid,
            query: req.query, maxLimit: req.maxLimit)
        if !links.isEmpty { out["servers_links"] = .array(links) }
        return .ok(.object(out))
    }

    /// The store query for the filters; nil when nothing can match (an unknown status before 2.38, an IP).
    func instanceQuery(_ req: APIRequest, filters f: [String: String], detail: Bool) async throws -> InstanceQuery? {
        var q = InstanceQuery()
        let ctx = req.context
        if f.keys.contains("status") {
            let (vms, tasks) = ServerStatus.states(for: req.query.all("status"))
            if vms.isEmpty {
                if req.microversion >= "2.38" { throw APIError.badRequest("Invalid status value") }
                return nil
            }
            q.vmStates = vms
            q.taskStates = tasks.map { $0.map { Optional($0) } }
        }
        q.changesSince = f["changes-since"] != nil ? try RequestParsing.dateTime(req, "changes-since") : nil
        q.changesBefore = f["changes-before"] != nil ? try RequestParsing.dateTime(req, "changes-before") : nil
        if let since = q.changesSince, let before = q.changesBefore, since > before {
            throw APIError.badRequest("The value of changes-since must be less than or equal to changes-before.")
        }
        if let deleted = f["deleted"] {
            q.deleted = (RequestParsing.bool(deleted) ?? false) ? .only : .no
        } else if q.changesSince != nil || q.changesBefore != nil {
            q.deleted = .yes
        }
        if q.vmStates == ["deleted"] {
            guard ctx.isAdmin else { throw APIError.forbidden("Only administrators may list deleted instances") }
            q.deleted = .only
        }
        if try allTenants(f) {
            try req.authorize("os_compute_api:servers:\(detail ? "detail" : "index"):get_all_tenants")
            q.projectID = f["project_id"] ?? f["tenant_id"]
        } else {
            q.projectID = ctx.projectId
            if ctx.projectId == nil { q.userID = ctx.userId }
        }
        if f["ip"] != nil || f["ip6"] != nil { return nil }  // no server has an address without Neutron
        q.nameRegex = f["name"] ?? f["display_name"]
        if let r = f["reservation_id"] { q.regexFilters["reservation_id"] = r }
        if let image = f["image"] ?? f["image_ref"] { q.imageRef = RequestParsing.lastSegment(image) }
        if let flavorRef = f["flavor"] {
            guard let flavor = try? await r.store.flavor(flavorID: RequestParsing.lastSegment(flavorRef)) else {
                return nil
            }
            q.instanceTypeID = flavor.id
        }
        if req.microversion >= "2.26" {
            func split(_ k: String) -> [String] { f[k]?.split(separator: ",").map(String.init) ?? [] }
            (q.tags, q.tagsAny, q.notTags, q.notTagsAny) = (
                split("tags"), split("tags-any"), split("not-tags"), split("not-tags-any")
            )
        }
        if let locked = f["locked"] {
            guard let b = RequestParsing.bool(locked) else {
                throw APIError.badRequest(
                    "Invalid input received: Unrecognized value '\(locked)', acceptable "
                        + "values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'")
            }
            q.locked = b
        }
        adminFilters(f, into: &q)
        return q
    }

    /// Nova's regex filters (query parameter → stored field).
    static let regexFilters: [(String, String)] = [
        ("node", "node"), ("availability_zone", "availability_zone"), ("key_name", "key_name"),
        ("hostname", "hostname"), ("kernel_id", "kernel_id"), ("ramdisk_id", "ramdisk_id"),
        ("config_drive", "config_drive"), ("created_at", "created_at"), ("launched_at", "launched_at"),
        ("terminated_at", "terminated_at"), ("progress", "progress"), ("launch_index", "launch_index"),
        ("root_device_name", "root_device_name"), ("access_ip_v4", "access_ip_v4"), ("access_ip_v6", "access_ip_v6"),
        ("auto_disk_config", "auto_disk_config"), ("locked_by", "locked_by"), ("description", "display_description"),
        ("display_description", "display_description"),
    ]

    /// Filters past the non-admin set (all of them for admins; more for everyone from 2.83).
    func adminFilters(_ f: [String: String], into q: inout InstanceQuery) {
        q.host = f["host"]
        for (param, field) in Self.regexFilters { if let v = f[param] { q.regexFilters[field] = v } }
        if let u = f["user_id"] { q.userID = u }
        if let uuid = f["uuid"] { q.uuids = [uuid] }
        if let vm = f["vm_state"], q.vmStates == nil { q.vmStates = vm.split(separator: ",").map(String.init) }
        if let task = f["task_state"], q.taskStates == nil {
            q.taskStates = task.split(separator: ",").map(String.init)
        }
        if let p = f["power_state"] {
            if let n = Int(p) { q.powerStates = [n] } else { q.regexFilters["power_state"] = p }
        }
    }

    /// Nova's `is_all_tenants`: present and empty, or a true boolean string.
    func allTenants(_ f: [String: String]) throws -> Bool {
        guard let value = f["all_tenants"] else { return false }
        if value.isEmpty { return true }
        guard let b = RequestParsing.bool(value) else {
            throw APIError.badRequest(
                "Invalid input received: Unrecognized value '\(value)', acceptable values are: "
                    + "'0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'")
        }
        return b
    }

    /// Nova's `get_sort_params`, `remove_invalid_sort_keys` and `process_sort_params` (default
    /// `created_at` then `id`, descending).
    func sortKeys(_ req: APIRequest) throws -> [SortKey] {
        var keys = req.query.all("sort_key").map { $0.trimmingSpaces }
        var dirs = req.query.all("sort_dir").map { $0.trimmingSpaces }
        if keys.isEmpty { keys = ["created_at"] }
        if dirs.isEmpty { dirs = ["desc"] }
        var ignored = Self.ignoredSortKeys
        if req.microversion >= "2.73" { ignored.remove("locked") }
        for key in keys {
            if ignored.contains(key) {
                let i = keys.firstIndex(of: key)!
                if dirs.count > i { dirs.remove(at: i) }
                keys.remove(at: i)
            } else if (key == "host" || key == "node") && !req.context.isAdmin {
                throw APIError.forbidden("Only administrators can sort servers by \(key)")
            }
        }
        for d in dirs where d != "asc" && d != "desc" {
            throw APIError.badRequest("Invalid input received: Unknown sort direction, must be 'desc' or 'asc'")
        }
        let fallback = dirs.first ?? "desc"
        while dirs.count < keys.count { dirs.append(fallback) }
        if dirs.count > keys.count {
            throw APIError.badRequest("Invalid input received: Sort direction size exceeds sort key size")
        }
        for key in ["created_at", "id"] where !keys.contains(key) {
            keys.append(key)
            dirs.append(fallback)
        }
        return zip(keys, dirs).map { SortKey($0, ascending: $1 == "asc") }
    }
}
