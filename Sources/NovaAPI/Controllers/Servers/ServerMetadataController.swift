import Common

/// `/servers/{id}/metadata` (nova/api/openstack/compute/server_metadata.py).
struct ServerMetadataController: Sendable {
    let r: ComputeResources
    static let rule = "os_compute_api:server-metadata:"
    static let writable: [VMState] = [.active, .paused, .suspended, .stopped]

    init(_ r: ComputeResources) { self.r = r }

    func register(on router: inout APIRouter) {
        let base = "/servers/{server_id}/metadata"
        let body = Schema.wrapper("metadata", ParameterTypes.metadata)
        var meta = ParameterTypes.metadata
        meta.minProperties = 1
        meta.maxProperties = 1
        router.add("GET", base, policy: Self.rule + "index") { try await self.index($0) }
        router.add("POST", base, policy: Self.rule + "create", body: body) { try await self.update($0, replace: false) }
        router.add("PUT", base, policy: Self.rule + "update_all", body: body) {
            try await self.update($0, replace: true)
        }
        router.add("GET", base + "/{key}", policy: Self.rule + "show") { try await self.show($0) }
        router.add("PUT", base + "/{key}", policy: Self.rule + "update", body: .wrapper("meta", meta)) {
            try await self.updateOne($0)
        }
        router.add("DELETE", base + "/{key}", policy: Self.rule + "delete") { try await self.delete($0) }
    }

    static func json(_ m: [String: String]) -> JSONValue { .object(m.mapValues { .string($0) }) }

    func index(_ req: APIRequest) async throws -> APIResponse {
        let i = try await r.server(req, req.param("server_id"))
        return .ok(["metadata": Self.json(i.metadata)])
    }

    func show(_ req: APIRequest) async throws -> APIResponse {
        let i = try await r.server(req, req.param("server_id"))
        let key = req.param("key")
        guard let value = i.metadata[key] else { throw APIError.notFound("Metadata item was not found") }
        return .ok(["meta": [key: .string(value)]])
    }

    /// Writes the new metadata of a server that may change it (unlocked, in a stable state, within quota).
    func write(_ req: APIRequest, _ i: Instance, _ metadata: [String: String], action: String) async throws -> [String:
        String]
    {
        try StateGuard.checkLock(i, req)
        try StateGuard(vmStates: Self.writable, taskStates: nil).check(i, action: action)
        try await r.checkMetadataQuota(metadata.count, projectID: i.projectID ?? "")
        let saved = try await r.store.saveInstance(
            uuid: i.uuid, changes: ["metadata": Self.json(metadata)], expectedTaskState: nil, expectedVMState: nil)
        return saved.metadata
    }

    func update(_ req: APIRequest, replace: Bool) async throws -> APIResponse {
        let i = try await r.server(req, req.param("server_id"))
        let given = RequestParsing.object(req.body, "metadata").compactMapValues(\.stringValue)
        let merged = replace ? given : i.metadata.merging(given) { _, new in new }
        return .ok(["metadata": Self.json(try await write(req, i, merged, action: "update metadata"))])
    }

    func updateOne(_ req: APIRequest) async throws -> APIResponse {
        let i = try await r.server(req, req.param("server_id"))
        let key = req.param("key")
        let given = RequestParsing.object(req.body, "meta")
        guard let value = given[key]?.stringValue else { throw APIError.badRequest("Request body and URI mismatch") }
        var m = i.metadata
        m[key] = value
        _ = try await write(req, i, m, action: "update metadata")
        return .ok(["meta": [key: .string(value)]])
    }

    func delete(_ req: APIRequest) async throws -> APIResponse {
        let i = try await r.server(req, req.param("server_id"))
        let key = req.param("key")
        guard i.metadata[key] != nil else { throw APIError.notFound("Metadata item was not found") }
        var m = i.metadata
        m[key] = nil
        try StateGuard.checkLock(i, req)
        try StateGuard(vmStates: Self.writable, taskStates: nil).check(i, action: "delete metadata")
        _ = try await r.store.saveInstance(
            uuid: i.uuid, changes: ["metadata": Self.json(m)], expectedTaskState: nil, expectedVMState: nil)
        return .noContent()
    }
}
