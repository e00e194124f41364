import Common

/// `/flavors/{id}/os-extra_specs` (nova/api/openstack/compute/flavors_extraspecs.py).
struct FlavorExtraSpecsController: Sendable {
    let r: ComputeResources
    static let rule = "os_compute_api:os-flavor-extra-specs:"
    static let keyPattern = "^[a-zA-Z0-9-_:. ]{1,255}$"

    init(_ r: ComputeResources) { self.r = r }

    static let value: Schema = {
        var s = Schema()
        s.types = [.string, .number, .boolean]
        s.minLength = 1
        s.maxLength = 255
        return s
    }()

    func register(on router: inout APIRouter) {
        let base = "/flavors/{flavor_id}/os-extra_specs"
        let specs = Schema.map(pattern: Self.keyPattern, values: Self.value)
        var one = specs
        one.minProperties = 1
        one.maxProperties = 1
        router.add("GET", base, policy: Self.rule + "index") { try await self.index($0) }
        router.add("POST", base, policy: Self.rule + "create", body: .wrapper("extra_specs", specs)) {
            try await self.create($0)
        }
        router.add("GET", base + "/{key}", policy: Self.rule + "show") { try await self.show($0) }
        router.add("PUT", base + "/{key}", policy: Self.rule + "update", body: one) { try await self.update($0) }
        router.add("DELETE", base + "/{key}", policy: Self.rule + "delete") { try await self.delete($0) }
    }

    /// Numbers and booleans are stored as their text, as Nova does.
    static func text(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): s
        case .bool(let b): b ? "True" : "False"
        default: v.serialized()
        }
    }

    func index(_ req: APIRequest) async throws -> APIResponse {
        let f = try await r.store.flavor(flavorID: req.param("flavor_id"))
        return .ok(["extra_specs": .object(f.extraSpecs.mapValues { .string($0) })])
    }

    func create(_ req: APIRequest) async throws -> APIResponse {
        let given = RequestParsing.object(req.body, "extra_specs")
        _ = try await r.store.setFlavorExtraSpecs(flavorID: req.param("flavor_id"), given.mapValues(Self.text))
        return .ok(["extra_specs": .object(given)])
    }

    func show(_ req: APIRequest) async throws -> APIResponse {
        let id = req.param("flavor_id")
        let key = req.param("key")
        let f = try await r.store.flavor(flavorID: id)
        guard let value = f.extraSpecs[key] else { throw ComputeError.flavorExtraSpecsNotFound(id, key) }
        return .ok([key: .string(value)])
    }

    func update(_ req: APIRequest) async throws -> APIResponse {
        let key = req.param("key")
        let body = req.body?.objectValue ?? [:]
        guard let value = body[key] else { throw APIError.badRequest("Request body and URI mismatch") }
        _ = try await r.store.setFlavorExtraSpecs(flavorID: req.param("flavor_id"), [key: Self.text(value)])
        return .ok(.object(body))
    }

    func delete(_ req: APIRequest) async throws -> APIResponse {
        try await r.store.deleteFlavorExtraSpec(flavorID: req.param("flavor_id"), key: req.param("key"))
        return .accepted()
    }
}
