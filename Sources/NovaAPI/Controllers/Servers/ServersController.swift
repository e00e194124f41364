import Common
import Foundation

/// `/servers`: list, detail, show, update, delete (create is in `ServersController+Create`).
struct ServersController: Sendable {
    let r: ComputeResources

    init(_ r: ComputeResources) { self.r = r }

    func register(on router: inout APIRouter) {
        let s = "os_compute_api:servers:"
        router.add("GET", "/servers", policy: s + "index") {
            try await self.list(req: $0, detail: false)
        }
        router.add("GET", "/servers/detail", policy: s + "detail") { try await self.list(req: $0, detail: true) }
        router.add("GET", "/servers/{server_id}", policy: s + "show") { try await self.show($0) }
        router.add(
            "PUT", "/servers/{server_id}", maxVersion: "2.18", policy: s + "update",
            body: ServerSchemas.update(description: false)
        ) {
            try await self.update($0)
        }
        router.add(
            "PUT", "/servers/{server_id}", minVersion: "2.19", policy: s + "update",
            body: ServerSchemas.update(description: true)
        ) {
            try await self.update($0)
        }
        router.add("DELETE", "/servers/{server_id}", policy: s + "delete") { try await self.delete($0) }
        router.add("POST", "/servers", policy: s + "create") { try await self.create($0) }
    }

    // MARK: show, update

    func show(_ req: APIRequest) async throws -> APIResponse {
        let instance = try await r.server(req, req.param("server_id"))
        let view = try await ServerViewBuilder.make(r, req, for: [instance])
        let groups = req.microversion >= "2.71" ? try await serverGroups(of: instance) : nil
        return .ok(["server": view.detail(instance, serverGroups: groups)])
    }

    func serverGroups(of instance: Instance) async throws -> [String] {
        try await r.store.serverGroups(projectID: nil).filter { $0.members?.contains(instance.uuid) == true }.map(
            \.uuid)
    }

    func update(_ req: APIRequest) async throws -> APIResponse {
        let instance = try await r.server(req, req.param("server_id"))
        let body = RequestParsing.object(req.body, "server")
        var changes: [String: JSONValue] = [:]
        if let name = body["name"] { changes["display_name"] = name }
        if let d = body["description"] { changes["display_description"] = d }
        if let ip = body["accessIPv4"] { changes["access_ip_v4"] = ip }
        if let ip = body["accessIPv6"] { changes["access_ip_v6"] = ip }
        if let dc = body["OS-DCF:diskConfig"]?.stringValue { changes["auto_disk_config"] = .bool(dc == "AUTO") }
        let saved =
            changes.isEmpty
            ? instance
            : try await r.store.saveInstance(
                uuid: instance.uuid, changes: changes, expectedTaskState: nil, expectedVMState: nil)
        let view = try await ServerViewBuilder.make(r, req, for: [saved])
        let groups = req.microversion >= "2.71" ? try await serverGroups(of: saved) : nil
        return .ok(["server": view.detail(saved, serverGroups: groups, core: req.microversion < "2.75")])
    }

    // MARK: delete

    /// Deletes here when the server never reached a host or its compute is down (freeing its allocations);
    /// otherwise marks it deleting and asks its compute.
    func delete(_ req: APIRequest) async throws -> APIResponse {
        let instance = try await r.server(req, req.param("server_id"))
        try StateGuard.checkLock(instance, req)
        try await r.recordAction(req, instance, "delete")
        if try await computeIsReachable(instance) {
            let saved = try await r.store.saveInstance(
                uuid: instance.uuid, changes: ["task_state": .string(TaskState.deleting.rawValue)],
                expectedTaskState: nil, expectedVMState: nil)
            try await r.actions.terminate(req.context, instance: saved)
        } else {
            _ = try await r.store.destroyInstance(uuid: instance.uuid)
        }
        return .noContent()
    }

    func computeIsReachable(_ instance: Instance) async throws -> Bool {
        guard let host = instance.host, !host.isEmpty else { return false }
        guard let service = try await r.store.services(host: host, binary: "nova-compute").first else { return false }
        return r.settings.isUp(service)
    }
}
