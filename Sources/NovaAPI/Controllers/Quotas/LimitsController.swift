import Common

/// `GET /limits`: the project's absolute limits and usage (rate limits are gone: always `[]`).
struct LimitsController: Sendable {
    let r: ComputeResources
    static let names: [(String, [String])] = [
        ("ram", ["maxTotalRAMSize"]), ("instances", ["maxTotalInstances"]), ("cores", ["maxTotalCores"]),
        ("key_pairs", ["maxTotalKeypairs"]), ("floating_ips", ["maxTotalFloatingIps"]),
        ("metadata_items", ["maxServerMeta", "maxImageMeta"]), ("injected_files", ["maxPersonality"]),
        ("injected_file_content_bytes", ["maxPersonalitySize"]), ("security_groups", ["maxSecurityGroups"]),
        ("security_group_rules", ["maxSecurityGroupRules"]), ("server_groups", ["maxServerGroups"]),
        ("server_group_members", ["maxServerGroupMembers"]),
    ]
    static let used: [(String, String)] = [
        ("totalRAMUsed", "ram"), ("totalCoresUsed", "cores"), ("totalInstancesUsed", "instances"),
        ("totalFloatingIpsUsed", "floating_ips"), ("totalSecurityGroupsUsed", "security_groups"),
        ("totalServerGroupsUsed", "server_groups"),
    ]
    /// Resources nova-network had; they stay unlimited and unused, and leave the views at 2.36.
    static let networkResources: Set<String> = ["floating_ips", "fixed_ips", "security_groups", "security_group_rules"]

    init(_ r: ComputeResources) { self.r = r }

    func register(on router: inout APIRouter) {
        router.add("GET", "/limits", policy: "os_compute_api:limits") { try await self.index($0) }
    }

    static func filtered(_ v: Microversion) -> Set<String> {
        var f: Set<String> = []
        if v >= "2.36" { f.formUnion(networkResources) }
        if v >= "2.57" { f.formUnion(["injected_files", "injected_file_content_bytes", "injected_file_path_bytes"]) }
        return f
    }

    func index(_ req: APIRequest) async throws -> APIResponse {
        try SchemaValidator.validateQuery(
            req.query,
            .object([("tenant_id", ParameterTypes.queryParam)], additionalProperties: req.microversion < "2.75"))
        var project = req.context.projectId ?? ""
        if let other = req.query["tenant_id"] {
            project = other
            try req.authorize("os_compute_api:limits:other_project", target: ["project_id": other])
        }
        let limits = try await r.quotaLimits(projectID: project)
        let usage = try await r.store.quotaUsage(projectID: project, userID: nil)
        let filtered = Self.filtered(req.microversion)
        var absolute: [String: JSONValue] = [:]
        for (resource, names) in Self.names where !filtered.contains(resource) {
            for name in names where !(name == "maxImageMeta" && req.microversion >= "2.39") {
                absolute[name] = .int(Self.networkResources.contains(resource) ? -1 : limits[resource])
            }
        }
        for (name, resource) in Self.used where !filtered.contains(resource) { absolute[name] = .int(usage[resource]) }
        return .ok(["limits": ["rate": [], "absolute": .object(absolute)]])
    }
}
