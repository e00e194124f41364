import Common

/// `/os-services` (admin): list; enable/disable/force-down by host and binary until 2.52, by id from 2.53;
/// delete (refused while a compute still hosts servers).
struct ServicesController: Sendable {
    let r: ComputeResources
    static let rule = "os_compute_api:os-services:"
    /// Not RPC services: their state is not reported, so Nova leaves them out.
    static let apiServices: Set<String> = ["nova-osapi_compute", "nova-metadata"]

    init(_ r: ComputeResources) { self.r = r }

    func register(on router: inout APIRouter) {
        router.add("GET", "/os-services", policy: Self.rule + "list") { try await self.list($0) }
        router.add("PUT", "/os-services/{id}", maxVersion: "2.52", policy: Self.rule + "update") {
            try await self.updateByHost($0)
        }
        let v253 = Schema.object([
            ("status", .enumeration(["enabled", "disabled"])),
            ("disabled_reason", .string(minLength: 1, maxLength: 255)),
            ("forced_down", .booleanLike),
        ])
        router.add("PUT", "/os-services/{id}", minVersion: "2.53", policy: Self.rule + "update", body: v253) {
            try await self.update($0)
        }
        router.add("DELETE", "/os-services/{id}", policy: Self.rule + "delete") { try await self.delete($0) }
    }

    func list(_ req: APIRequest) async throws -> APIResponse {
        let props: [(String, Schema)] = [("host", ParameterTypes.queryParam), ("binary", ParameterTypes.queryParam)]
        try SchemaValidator.validateQuery(req.query, .object(props, additionalProperties: req.microversion < "2.75"))
        let host = req.query["host"].flatMap { $0.isEmpty ? nil : $0 }
        let binary = req.query["binary"].flatMap { $0.isEmpty ? nil : $0 }
        let services = try await r.store.services(host: host, binary: binary).filter {
            !Self.apiServices.contains($0.binary ?? "")
        }
        let view = ServiceViewBuilder(req: req, settings: r.settings, zones: try await ZoneMap.load(r))
        return .ok(["services": .array(services.map(view.view))])
    }

    static func hostBinarySchema(_ v: Microversion) -> Schema {
        var props: [(String, Schema)] = [
            ("host", ParameterTypes.hostname), ("binary", ParameterTypes.hostname),
            ("disabled_reason", .string(minLength: 1, maxLength: 255)),
        ]
        if v >= "2.11" { props.append(("forced_down", .booleanLike)) }
        return .object(props, required: ["host", "binary"])
    }

    /// `PUT /os-services/enable|disable|disable-log-reason|force-down` with `{host, binary}`.
    func updateByHost(_ req: APIRequest) async throws -> APIResponse {
        let action = req.param("id")
        var actions: Set<String> = ["enable", "disable", "disable-log-reason"]
        if req.microversion >= "2.11" { actions.insert("force-down") }
        guard actions.contains(action) else { throw APIError.notFound("Unknown action") }
        try SchemaValidator.validateBody(req.body ?? .null, Self.hostBinarySchema(req.microversion))
        let body = req.body?.objectValue ?? [:]
        let host = body["host"]?.stringValue ?? ""
        let binary = body["binary"]?.stringValue ?? ""
        var changes: [String: JSONValue] = [:]
        var answer: [String: JSONValue] = ["host": .string(host), "binary": .string(binary)]
        switch action {
        case "enable":
            changes = ["disabled": false, "disabled_reason": .null]
            answer["status"] = "enabled"
        case "disable":
            changes = ["disabled": true]
            answer["status"] = "disabled"
        case "disable-log-reason":
            guard let reason = body["disabled_reason"]?.stringValue, !reason.trimmingSpaces.isEmpty else {
                throw APIError.badRequest("Missing disabled reason field")
            }
            changes = ["disabled": true, "disabled_reason": .string(reason)]
            answer["status"] = "disabled"
            answer["disabled_reason"] = .string(reason)
        default:
            guard let down = RequestParsing.bool(body["forced_down"]) else {
                throw APIError.badRequest("Missing forced_down field")
            }
            changes = ["forced_down": .bool(down)]
            answer["forced_down"] = .bool(down)
        }
        if binary != "nova-compute" {
            throw APIError.badRequest(
                "Updating a \(binary) service is not supported. Only nova-compute services can be updated.")
        }
        guard let service = try await r.store.services(host: host, binary: binary).first else {
            throw ComputeError.hostBinaryNotFound(host: host, binary: binary)
        }
        _ = try await r.store.updateService(id: service.id, changes: changes)
        return .ok(["service": .object(answer)])
    }

    /// `PUT /os-services/{uuid}` (2.53): status, reason, forced_down; answers the whole service.
    func update(_ req: APIRequest) async throws -> APIResponse {
        let id = req.param("id")
        guard RequestParsing.isUUIDLike(id) else { throw APIError.badRequest("Invalid uuid \(id)") }
        let body = req.body?.objectValue ?? [:]
        if body["disabled_reason"] != nil && body["status"] == nil {
            throw APIError.badRequest(
                "Invalid input for field/attribute disabled_reason. Value: \(body["disabled_reason"]?.stringValue ?? ""). "
                    + "'status' is a dependency of 'disabled_reason'")
        }
        let service = try await r.store.service(uuid: id)
        if service.binary != "nova-compute" {
            throw APIError.badRequest(
                "Updating a \(service.binary ?? "") service is not supported. Only nova-compute services can be updated."
            )
        }
        var changes: [String: JSONValue] = [:]
        switch body["status"]?.stringValue {
        case "enabled"?:
            if body["disabled_reason"] != nil {
                throw APIError.badRequest("Specifying 'disabled_reason' with status 'enabled' is invalid.")
            }
            changes["disabled"] = false
            changes["disabled_reason"] = .null
        case "disabled"?:
            changes["disabled"] = true
            changes["disabled_reason"] = body["disabled_reason"] ?? .null
        default: break
        }
        if let down = RequestParsing.bool(body["forced_down"]) { changes["forced_down"] = .bool(down) }
        if changes.isEmpty {
            throw APIError.badRequest(
                "No updates were requested. Fields 'status' or 'forced_down' should be specified.")
        }
        let saved = try await r.store.updateService(id: service.id, changes: changes)
        let view = ServiceViewBuilder(req: req, settings: r.settings, zones: try await ZoneMap.load(r))
        return .ok(["service": view.view(saved)])
    }

    func delete(_ req: APIRequest) async throws -> APIResponse {
        let id = req.param("id")
        let service: Service
        if req.microversion >= "2.53" {
            guard RequestParsing.isUUIDLike(id) else { throw APIError.badRequest("Invalid uuid \(id)") }
            guard let s = try? await r.store.service(uuid: id) else {
                throw APIError.notFound("Service \(id) not found.")
            }
            service = s
        } else {
            guard let n = Int(id) else { throw APIError.badRequest("Invalid input received: id must be an integer") }
            guard let s = try? await r.store.service(id: n) else { throw APIError.notFound("Service \(id) not found.") }
            service = s
        }
        try await r.store.deleteService(id: service.id)
        return .noContent()
    }
}
