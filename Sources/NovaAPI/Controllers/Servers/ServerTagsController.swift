import Common

/// `/servers/{id}/tags` (2.26, nova/api/openstack/compute/server_tags.py). At most 50 tags a server.
struct ServerTagsController: Sendable {
    let r: ComputeResources
    static let maxTags = 50
    static let rule = "os_compute_api:os-server-tags:"
    static let writable: [VMState] = [.active, .paused, .suspended, .stopped, .shelved, .shelvedOffloaded]

    init(_ r: ComputeResources) { self.r = r }

    func register(on router: inout APIRouter) {
        let base = "/servers/{server_id}/tags"
        let all = Schema.wrapper("tags", .array(ParameterTypes.tag, maxItems: Self.maxTags))
        router.add("GET", base, minVersion: "2.26") { try await self.index($0) }
        router.add("PUT", base, minVersion: "2.26", body: all) { try await self.updateAll($0) }
        router.add("DELETE", base, minVersion: "2.26") { try await self.deleteAll($0) }
        router.add("GET", base + "/{tag}", minVersion: "2.26") { try await self.show($0) }
        router.add("PUT", base + "/{tag}", minVersion: "2.26") { try await self.add($0) }
        router.add("DELETE", base + "/{tag}", minVersion: "2.26") { try await self.delete($0) }
    }

    func load(_ req: APIRequest, rule: String, action: String? = nil) async throws -> (Instance, [String]) {
        let i = try await r.server(req, req.param("server_id"))
        try req.authorizeIfDefined(Self.rule + rule, target: ["project_id": i.projectID ?? ""])
        if let action { try StateGuard(vmStates: Self.writable, taskStates: nil).check(i, action: action) }
        return (i, try await r.store.tags(instanceUUIDs: [i.uuid])[i.uuid] ?? [])
    }

    static func json(_ tags: [String]) -> JSONValue { .array(tags.map { .string($0) }) }

    func index(_ req: APIRequest) async throws -> APIResponse {
        let (_, tags) = try await load(req, rule: "index")
        return .ok(["tags": Self.json(tags)])
    }

    func show(_ req: APIRequest) async throws -> APIResponse {
        let (i, tags) = try await load(req, rule: "show")
        let tag = req.param("tag")
        guard tags.contains(tag) else { throw APIError.notFound("Instance \(i.uuid) has no tag '\(tag)'") }
        return .noContent()
    }

    func updateAll(_ req: APIRequest) async throws -> APIResponse {
        let (i, _) = try await load(req, rule: "update_all", action: "update tags")
        let tags = req.body?["tags"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return .ok(["tags": Self.json(try await r.store.setTags(instanceUUID: i.uuid, tags))])
    }

    func deleteAll(_ req: APIRequest) async throws -> APIResponse {
        let (i, _) = try await load(req, rule: "delete_all", action: "delete tags")
        _ = try await r.store.setTags(instanceUUID: i.uuid, [])
        return .noContent()
    }

    /// 201 with the tag's URL when added, 204 when it was there already.
    func add(_ req: APIRequest) async throws -> APIResponse {
        let tag = req.param("tag")
        if let failure = SchemaValidator.firstFailure(.string(tag), ParameterTypes.tag) {
            throw APIError.badRequest(
                "Tag '\(tag)' is invalid. It must be a non empty string without characters '/' and ','. "
                    + "Validation error message: \(failure.message)")
        }
        let (i, tags) = try await load(req, rule: "update", action: "update tag")
        if tags.contains(tag) { return .noContent() }
        if tags.count >= Self.maxTags {
            throw APIError.badRequest("The number of tags exceeded the per-server limit \(Self.maxTags)")
        }
        _ = try await r.store.setTags(instanceUUID: i.uuid, tags + [tag])
        var response = APIResponse(status: 201)
        response.headers.set("Location", req.links.selfLink("servers", "\(i.uuid)/tags/\(tag)"))
        return response
    }

    func delete(_ req: APIRequest) async throws -> APIResponse {
        let (i, tags) = try await load(req, rule: "delete", action: "delete tag")
        let tag = req.param("tag")
        guard tags.contains(tag) else { throw APIError.notFound("Instance \(i.uuid) has no tag '\(tag)'") }
        _ = try await r.store.setTags(instanceUUID: i.uuid, tags.filter { $0 != tag })
        return .noContent()
    }
}
