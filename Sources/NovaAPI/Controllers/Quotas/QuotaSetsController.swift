import Common

/// `/os-quota-sets/{project_id}`: show, `/detail` (usage), `/defaults`, update and delete (admin), for a
/// project or, with `?user_id=`, one of its users.
struct QuotaSetsController: Sendable {
    let r: ComputeResources
    static let rule = "os_compute_api:os-quota-sets:"
    /// Nova's quota resources in its order, nova-network's included until 2.36.
    static let resources = [
        "instances", "cores", "ram", "floating_ips", "fixed_ips", "metadata_items", "injected_files",
        "injected_file_content_bytes", "injected_file_path_bytes", "key_pairs", "security_groups",
        "security_group_rules", "server_groups", "server_group_members",
    ]

    init(_ r: ComputeResources) { self.r = r }

    func register(on router: inout APIRouter) {
        let base = "/os-quota-sets/{project_id}"
        router.add("GET", base) { try await self.show($0, detail: false) }
        router.add("GET", base + "/detail", policy: nil) { try await self.show($0, detail: true) }
        router.add("GET", base + "/defaults", policy: Self.rule + "defaults") { try await self.defaults($0) }
        router.add("PUT", base) { try await self.update($0) }
        router.add("DELETE", base) { try await self.delete($0) }
    }

    func visible(_ v: Microversion) -> [String] {
        let filtered = LimitsController.filtered(v)
        return Self.resources.filter { !filtered.contains($0) }
    }

    func limit(_ resource: String, _ limits: QuotaLimits) -> Int {
        LimitsController.networkResources.contains(resource) ? -1 : limits[resource]
    }

    func userID(_ req: APIRequest) throws -> String? {
        try SchemaValidator.validateQuery(
            req.query,
            .object([("user_id", ParameterTypes.queryParam)], additionalProperties: req.microversion < "2.75"))
        return req.query["user_id"]
    }

    func show(_ req: APIRequest, detail: Bool) async throws -> APIResponse {
        let project = req.param("project_id")
        try req.authorize(Self.rule + (detail ? "detail" : "show"), target: ["project_id": project])
        let user = try userID(req)
        let limits = try await r.quotaLimits(projectID: project, userID: user)
        var set: [String: JSONValue] = ["id": .string(project)]
        if detail {
            let usage = try await r.store.quotaUsage(projectID: project, userID: user)
            for res in visible(req.microversion) {
                set[res] = ["limit": .int(limit(res, limits)), "in_use": .int(usage[res]), "reserved": 0]
            }
        } else {
            for res in visible(req.microversion) { set[res] = .int(limit(res, limits)) }
        }
        return .ok(["quota_set": .object(set)])
    }

    func defaults(_ req: APIRequest) async throws -> APIResponse {
        var set: [String: JSONValue] = ["id": .string(req.param("project_id"))]
        for res in visible(req.microversion) { set[res] = .int(limit(res, r.settings.quotaDefaults)) }
        return .ok(["quota_set": .object(set)])
    }

    static func updateSchema(_ v: Microversion) -> Schema {
        var value = Schema.integer(minimum: -1, maximum: 2_147_483_647)
        value.minLength = nil
        let filtered = LimitsController.filtered(v)
        var props: [(String, Schema)] = resources.filter { !filtered.contains($0) }.map { ($0, value) }
        if v < "2.36" { props.append(("networks", value)) }
        props.append(("force", .booleanLike))
        return .wrapper("quota_set", .object(props))
    }

    func update(_ req: APIRequest) async throws -> APIResponse {
        let project = req.param("project_id")
        try req.authorize(Self.rule + "update", target: ["project_id": project])
        let user = try userID(req)
        try SchemaValidator.validateBody(req.body ?? .null, Self.updateSchema(req.microversion))
        let given = RequestParsing.object(req.body, "quota_set")
        if given["networks"] != nil { throw APIError.badRequest("The networks quota has been removed") }
        let force = RequestParsing.bool(given["force"]) ?? false
        let usage = try await r.store.quotaUsage(projectID: project, userID: user)
        let projectLimits = try await r.quotaLimits(projectID: project)
        var valid: [String: Int] = [:]
        for (key, raw) in given.sorted(by: { $0.key < $1.key }) where key != "force" {
            guard let value = RequestParsing.int(raw) else { continue }
            if !force {
                let minimum = usage[key]
                let maximum = user == nil ? -1 : projectLimits[key]
                func inf(_ x: Int) -> Double { x == -1 ? .infinity : Double(x) }
                if inf(value) < inf(minimum) {
                    throw APIError.badRequest(
                        "Quota limit \(value) for \(key) must be greater than or equal to already used and reserved \(minimum)."
                    )
                }
                if inf(value) > inf(maximum) {
                    throw APIError.badRequest(
                        "Quota limit \(value) for \(key) must be less than or equal to \(maximum).")
                }
            }
            valid[key] = value
        }
        try await r.store.setQuotaOverrides(projectID: project, userID: user, valid)
        let limits = try await r.quotaLimits(projectID: project, userID: user)
        var set: [String: JSONValue] = [:]
        for res in visible(req.microversion) { set[res] = .int(limit(res, limits)) }
        return .ok(["quota_set": .object(set)])
    }

    func delete(_ req: APIRequest) async throws -> APIResponse {
        let project = req.param("project_id")
        try req.authorize(Self.rule + "delete", target: ["project_id": project])
        try await r.store.deleteQuotaOverrides(projectID: project, userID: try userID(req))
        return .accepted()
    }
}
