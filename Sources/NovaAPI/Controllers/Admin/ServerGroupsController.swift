import Common

/// `/os-server-groups`: create (one policy; soft ones from 2.15; `policy` and `rules` from 2.64), list
/// (own project, or all for admins), show, delete.
struct ServerGroupsController: Sendable {
    let r: ComputeResources
    static let rule = "os_compute_api:os-server-groups:"

    init(_ r: ComputeResources) { self.r = r }

    func register(on router: inout APIRouter) {
        router.add("GET", "/os-server-groups") { try await self.index($0) }
        router.add("POST", "/os-server-groups", policy: Self.rule + "create") { try await self.create($0) }
        router.add("GET", "/os-server-groups/{group_id}") { try await self.show($0) }
        router.add("DELETE", "/os-server-groups/{group_id}") { try await self.delete($0) }
    }

    func view(_ g: InstanceGroup, _ req: APIRequest) async throws -> JSONValue {
        var o: [String: JSONValue] = ["id": .string(g.uuid), "name": .from(g.name)]
        if req.microversion >= "2.64" {
            o["policy"] = .from(g.policy)
            o["rules"] = .object(g.rules.mapValues { Int($0).map { .int($0) } ?? .string($0) })
        } else {
            o["policies"] = .array(g.policy.map { [.string($0)] } ?? [])
            o["metadata"] = [:]
        }
        var live: [String] = []
        if let members = g.members, !members.isEmpty {
            var q = InstanceQuery()
            q.projectID = nil
            q.uuids = members
            let alive = Set(try await r.store.instances(q).map(\.uuid))
            live = members.filter(alive.contains)
        }
        o["members"] = .array(live.map { .string($0) })
        if req.microversion >= "2.13" {
            o["project_id"] = .from(g.projectID)
            o["user_id"] = .from(g.userID)
        }
        return .object(o)
    }

    func load(_ req: APIRequest, _ op: String) async throws -> InstanceGroup {
        let id = req.param("group_id")
        let g = try await r.store.serverGroup(uuid: id)
        if !req.context.isAdmin && g.projectID != req.context.projectId { throw ComputeError.instanceGroupNotFound(id) }
        try req.authorize(Self.rule + op, target: ["project_id": g.projectID ?? ""])
        return g
    }

    func show(_ req: APIRequest) async throws -> APIResponse {
        .ok(["server_group": try await view(try await load(req, "show"), req)])
    }

    func delete(_ req: APIRequest) async throws -> APIResponse {
        let g = try await load(req, "delete")
        try await r.store.deleteServerGroup(uuid: g.uuid)
        return .noContent()
    }

    func index(_ req: APIRequest) async throws -> APIResponse {
        let props: [(String, Schema)] = [
            ("all_projects", ParameterTypes.queryParam), ("limit", .multi(ParameterTypes.nonNegativeInteger)),
            ("offset", .multi(ParameterTypes.nonNegativeInteger)),
        ]
        try SchemaValidator.validateQuery(req.query, .object(props, additionalProperties: req.microversion < "2.75"))
        try req.authorize(Self.rule + "index")
        var project: String? = req.context.projectId
        if req.query.contains("all_projects") {
            try req.authorize(Self.rule + "index:all_projects")
            project = nil
        }
        let groups = try await r.store.serverGroups(projectID: project)
        let offset = Int(req.query["offset"] ?? "0") ?? 0
        let limit = min(Int(req.query["limit"] ?? "\(req.maxLimit)") ?? req.maxLimit, req.maxLimit)
        var items: [JSONValue] = []
        for g in groups.dropFirst(offset).prefix(limit) { items.append(try await view(g, req)) }
        return .ok(["server_groups": .array(items)])
    }

    static func createSchema(_ v: Microversion) -> Schema {
        let soft: [JSONValue] = ["anti-affinity", "affinity", "soft-anti-affinity", "soft-affinity"]
        if v >= "2.64" {
            let rules = Schema.object([("max_server_per_host", ParameterTypes.positiveInteger)])
            return .wrapper(
                "server_group",
                .object(
                    [("name", ParameterTypes.name), ("policy", .enumeration(soft)), ("rules", rules)],
                    required: ["name", "policy"]))
        }
        let allowed = v >= "2.15" ? soft : Array(soft.prefix(2))
        let policies = Schema.array(.enumeration(allowed), minItems: 1, maxItems: 1, uniqueItems: true)
        return .wrapper(
            "server_group",
            .object([("name", ParameterTypes.name), ("policies", policies)], required: ["name", "policies"]))
    }

    func create(_ req: APIRequest) async throws -> APIResponse {
        try SchemaValidator.validateBody(req.body ?? .null, Self.createSchema(req.microversion))
        let b = RequestParsing.object(req.body, "server_group")
        var g = InstanceGroup()
        g.name = b["name"]?.stringValue
        g.projectID = req.context.projectId
        g.userID = req.context.userId
        if req.microversion >= "2.64" {
            let policy = b["policy"]?.stringValue ?? ""
            let rules = b["rules"]?.objectValue ?? [:]
            if policy != "anti-affinity" && !rules.isEmpty {
                throw APIError.badRequest("Only anti-affinity policy supports rules.")
            }
            g.policy = policy
            g.rules = rules.compactMapValues { RequestParsing.int($0).map(String.init) }
        } else {
            g.policy = b["policies"]?.arrayValue?.first?.stringValue
        }
        let limit = try await r.quotaLimits(projectID: req.context.projectId ?? "")["server_groups"]
        let stored = try await r.store.createServerGroup(g, maxPerProject: limit)
        return .ok(["server_group": try await view(stored, req)])
    }
}
