import Common

/// `/servers/{id}/os-instance-actions` (nova/api/openstack/compute/instance_actions.py).
struct InstanceActionsController: Sendable {
    let r: ComputeResources
    static let rule = "os_compute_api:os-instance-actions:"

    init(_ r: ComputeResources) { self.r = r }

    func register(on router: inout APIRouter) {
        let base = "/servers/{server_id}/os-instance-actions"
        router.add("GET", base, policy: Self.rule + "list") { try await self.index($0) }
        router.add("GET", base + "/{request_id}", policy: Self.rule + "show") { try await self.show($0) }
    }

    static func query(_ v: Microversion) -> Schema {
        var props: [(String, Schema)] = ParameterTypes.pagination + [("changes-since", .multi(.string()))]
        if v >= "2.66" { props.append(("changes-before", .multi(.string()))) }
        return .object(props, additionalProperties: false)
    }

    /// The server, deleted ones included from 2.21.
    func server(_ req: APIRequest) async throws -> Instance {
        try await r.server(req, req.param("server_id"), readDeleted: req.microversion >= "2.21")
    }

    func index(_ req: APIRequest) async throws -> APIResponse {
        let instance = try await server(req)
        var q = ActionQuery()
        if req.microversion >= "2.58" {
            try SchemaValidator.validateQuery(req.query, Self.query(req.microversion))
            let page = try req.pagination()
            q.limit = page.limit
            q.marker = page.marker
            q.changesSince = try RequestParsing.dateTime(req, "changes-since")
            if req.microversion >= "2.66" { q.changesBefore = try RequestParsing.dateTime(req, "changes-before") }
            if let s = q.changesSince, let b = q.changesBefore, s > b {
                throw APIError.badRequest("The value of changes-since must be less than or equal to changes-before.")
            }
        }
        let actions: [InstanceAction]
        do { actions = try await r.store.actions(instanceUUID: instance.uuid, q) } catch let e as ComputeError
            where e.is("MarkerNotFound")
        {
            throw APIError.badRequest("Marker \(q.marker ?? "") could not be found.")
        }
        var out: [String: JSONValue] = [
            "instanceActions": .array(actions.map { InstanceActionViewBuilder.action($0, req) })
        ]
        if req.microversion >= "2.58" {
            let links = req.links.collectionLinks(
                "servers/\(instance.uuid)/os-instance-actions", itemCount: actions.count,
                lastId: actions.last?.requestID, query: req.query, maxLimit: req.maxLimit)
            if !links.isEmpty { out["links"] = .array(links) }
        }
        return .ok(.object(out))
    }

    func show(_ req: APIRequest) async throws -> APIResponse {
        let instance = try await server(req)
        let action = try await r.store.action(instanceUUID: instance.uuid, requestID: req.param("request_id"))
        let target = ["project_id": instance.projectID ?? ""]
        let privileged = req.isAllowed(Self.rule + "events", target: target)
        var body = InstanceActionViewBuilder.action(action, req).objectValue ?? [:]
        if privileged || req.microversion >= "2.51" {
            let showDetails = req.microversion >= "2.84" && req.isAllowed(Self.rule + "events:details", target: target)
            let events = try await r.store.events(actionID: action.id)
            body["events"] = .array(
                events.map {
                    InstanceActionViewBuilder.event(
                        $0, projectID: action.projectID ?? "", req: req, privileged: privileged, details: showDetails)
                })
        }
        return .ok(["instanceAction": .object(body)])
    }
}
