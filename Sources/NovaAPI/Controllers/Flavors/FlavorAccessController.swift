import Common

/// `/flavors/{id}/os-flavor-access` and the `addTenantAccess`/`removeTenantAccess` actions (admin).
struct FlavorAccessController: Sendable {
    let r: ComputeResources
    static let rule = "os_compute_api:os-flavor-access"

    init(_ r: ComputeResources) { self.r = r }

    func register(on router: inout APIRouter) {
        router.add("GET", "/flavors/{flavor_id}/os-flavor-access", policy: Self.rule) { try await self.index($0) }
        let tenant = Schema.object([("tenant", .string(minLength: 1, maxLength: 255))], required: ["tenant"])
        router.addAction(
            "/flavors/{flavor_id}/action",
            ActionRoute(
                "addTenantAccess", policy: Self.rule + ":add_tenant_access", body: .wrapper("addTenantAccess", tenant)
            ) {
                try await self.add($0)
            })
        router.addAction(
            "/flavors/{flavor_id}/action",
            ActionRoute(
                "removeTenantAccess", policy: Self.rule + ":remove_tenant_access",
                body: .wrapper("removeTenantAccess", tenant)
            ) {
                try await self.remove($0)
            })
    }

    static func list(_ f: Flavor) -> JSONValue {
        ["flavor_access": .array(f.projects.map { ["flavor_id": .string(f.flavorID), "tenant_id": .string($0)] })]
    }

    func index(_ req: APIRequest) async throws -> APIResponse {
        let f = try await r.store.flavor(flavorID: req.param("flavor_id"))
        if f.isPublic { throw APIError.notFound("Access list not available for public flavors.") }
        return .ok(Self.list(f))
    }

    func add(_ req: APIRequest) async throws -> APIResponse {
        let id = req.param("flavor_id")
        let tenant = req.body?["addTenantAccess"]?["tenant"]?.stringValue ?? ""
        let f = try await r.store.flavor(flavorID: id)
        if f.isPublic && req.microversion >= "2.7" { throw APIError.conflict("Can not add access to a public flavor.") }
        return .ok(Self.list(try await r.store.addFlavorAccess(flavorID: id, projectID: tenant)))
    }

    func remove(_ req: APIRequest) async throws -> APIResponse {
        let tenant = req.body?["removeTenantAccess"]?["tenant"]?.stringValue ?? ""
        return .ok(Self.list(try await r.store.removeFlavorAccess(flavorID: req.param("flavor_id"), projectID: tenant)))
    }
}
