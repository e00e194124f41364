import Common
import Foundation

/// `/flavors`: list, detail, show, and the admin's create, update (2.55) and delete.
struct FlavorsController: Sendable {
    let r: ComputeResources
    static let manage = "os_compute_api:os-flavor-manage:"

    init(_ r: ComputeResources) { self.r = r }

    func register(on router: inout APIRouter) {
        router.add("GET", "/flavors") { try await self.list($0, detail: false) }
        router.add("GET", "/flavors/detail") { try await self.list($0, detail: true) }
        router.add("GET", "/flavors/{flavor_id}") { try await self.show($0) }
        router.add("POST", "/flavors", policy: Self.manage + "create") { try await self.create($0) }
        router.add(
            "PUT", "/flavors/{flavor_id}", minVersion: "2.55", policy: Self.manage + "update",
            body: .wrapper("flavor", .object([("description", ParameterTypes.description)], required: ["description"]))
        ) {
            try await self.update($0)
        }
        router.add("DELETE", "/flavors/{flavor_id}", policy: Self.manage + "delete") { try await self.delete($0) }
    }

    static func listQuery(_ v: Microversion) -> Schema {
        let props: [(String, Schema)] =
            [
                (
                    "sort_key",
                    .multi(
                        .enumeration([
                            "created_at", "description", "disabled", "ephemeral_gb", "flavorid", "id", "is_public",
                            "memory_mb", "name", "root_gb", "rxtx_factor", "swap", "updated_at", "vcpu_weight", "vcpus",
                        ]))
                ),
                ("sort_dir", .multi(.enumeration(["asc", "desc"]))), ("is_public", ParameterTypes.queryParam),
                ("minRam", ParameterTypes.queryParam), ("minDisk", ParameterTypes.queryParam),
            ] + ParameterTypes.pagination
        return .object(props, additionalProperties: v < "2.75")
    }

    func list(_ req: APIRequest, detail: Bool) async throws -> APIResponse {
        try SchemaValidator.validateQuery(req.query, Self.listQuery(req.microversion))
        let page = try req.pagination()
        var q = FlavorQuery()
        q.sortKey = req.query["sort_key"] ?? "flavorid"
        q.ascending = (req.query["sort_dir"] ?? "asc") == "asc"
        q.limit = page.limit
        q.marker = page.marker
        if req.context.isAdmin {
            q.isPublic = try Self.parseIsPublic(req.query["is_public"])
        } else {
            q.isPublic = true
            q.includeDisabled = false
        }
        q.accessProjectID = req.context.projectId
        for (name, label) in [("minRam", "minRam"), ("minDisk", "minDisk")] {
            guard let text = req.query[name] else { continue }
            guard let value = Int(text) else { throw APIError.badRequest("Invalid \(label) filter [\(text)]") }
            if name == "minRam" { q.minMemoryMB = value } else { q.minRootGB = value }
        }
        let flavors = try await r.store.flavors(q)
        let items = flavors.map { detail ? FlavorViewBuilder.detail($0, req) : FlavorViewBuilder.basic($0, req) }
        var out: [String: JSONValue] = ["flavors": .array(items)]
        let links = req.links.collectionLinks(
            detail ? "flavors/detail" : "flavors", itemCount: flavors.count, lastId: flavors.last?.flavorID,
            query: req.query, maxLimit: req.maxLimit)
        if !links.isEmpty { out["flavors_links"] = .array(links) }
        return .ok(.object(out))
    }

    /// Nova's `_parse_is_public`: absent → public only; `none` → all; else a strict boolean.
    static func parseIsPublic(_ text: String?) throws -> Bool? {
        guard let text else { return true }
        if text.lowercased() == "none" { return nil }
        guard let b = RequestParsing.bool(text) else { throw APIError.badRequest("Invalid is_public filter [\(text)]") }
        return b
    }

    /// A flavor the caller may see: private ones only with access (or as admin).
    func visibleFlavor(_ req: APIRequest, _ id: String) async throws -> Flavor {
        let f = try await r.store.flavor(flavorID: id)
        if !f.isPublic && !req.context.isAdmin && !f.projects.contains(req.context.projectId ?? "") {
            throw ComputeError.flavorNotFound(id)
        }
        return f
    }

    func show(_ req: APIRequest) async throws -> APIResponse {
        .ok(["flavor": FlavorViewBuilder.detail(try await visibleFlavor(req, req.param("flavor_id")), req)])
    }

    func update(_ req: APIRequest) async throws -> APIResponse {
        let description = req.body?["flavor"]?["description"]?.stringValue
        let f = try await r.store.updateFlavor(flavorID: req.param("flavor_id"), description: description)
        return .ok(["flavor": FlavorViewBuilder.detail(f, req)])
    }

    func delete(_ req: APIRequest) async throws -> APIResponse {
        try await r.store.deleteFlavor(flavorID: req.param("flavor_id"))
        return .accepted()
    }

    static func createSchema(_ v: Microversion) -> Schema {
        let maxInt = 2_147_483_647
        var rxtx = Schema.number(minimum: nil, maximum: 3.40282e38)
        rxtx.types = [.number]
        var props: [(String, Schema)] = [
            ("name", ParameterTypes.name),
            ("id", Schema.string(minLength: 1, maxLength: 255, pattern: "^(?! )[a-zA-Z0-9. _-]+(?<! )$").nullable()),
            ("ram", .integer(minimum: 1, maximum: maxInt)), ("vcpus", .integer(minimum: 1, maximum: maxInt)),
            ("disk", .integer(minimum: 0, maximum: maxInt)),
            ("OS-FLV-EXT-DATA:ephemeral", .integer(minimum: 0, maximum: maxInt)),
            ("swap", .integer(minimum: 0, maximum: maxInt)), ("rxtx_factor", rxtx),
            ("os-flavor-access:is_public", .booleanLike),
        ]
        if v >= "2.55" { props.append(("description", ParameterTypes.description)) }
        return .wrapper("flavor", .object(props, required: ["name", "ram", "vcpus", "disk"]))
    }

    func create(_ req: APIRequest) async throws -> APIResponse {
        try SchemaValidator.validateBody(req.body ?? .null, Self.createSchema(req.microversion))
        let b = RequestParsing.object(req.body, "flavor")
        if let rx = b["rxtx_factor"]?.doubleValue, rx <= 0 {
            throw APIError.badRequest(
                "Invalid input for field/attribute rxtx_factor. Value: \(rx). \(rx) is less than or equal to the minimum of 0"
            )
        }
        var f = Flavor()
        f.name = b["name"]?.stringValue
        f.flavorID = b["id"]?.stringValue ?? Generated.uuid()
        f.memoryMB = RequestParsing.int(b["ram"]) ?? 0
        f.vcpus = RequestParsing.int(b["vcpus"]) ?? 0
        f.rootGB = RequestParsing.int(b["disk"]) ?? 0
        f.ephemeralGB = RequestParsing.int(b["OS-FLV-EXT-DATA:ephemeral"]) ?? 0
        f.swap = RequestParsing.int(b["swap"]) ?? 0
        f.rxtxFactor = b["rxtx_factor"]?.doubleValue ?? 1.0
        f.isPublic = RequestParsing.bool(b["os-flavor-access:is_public"]) ?? true
        f.disabled = false
        f.flavorDescription = b["description"]?.stringValue
        f.extraSpecs = [:]
        f.projects = []
        let stored = try await r.store.createFlavor(f)
        return .ok(["flavor": FlavorViewBuilder.detail(stored, req)])
    }
}
