import Common
import NovaIdentity

/// The reads a token holder may make: its catalog, its projects, a project or user it may see.
extension IdentityAPI {
    func authCatalog(_ call: Call) async throws(KeystoneError) -> HTTPResponse {
        let caller = try await caller(call)
        guard caller.project != nil else { throw .forbidden("The service catalog needs a project-scoped token.") }
        let entries = service.catalog.entries(baseURL: service.settings.publicEndpoint.baseURL(for: call.request))
        return Self.json(200, ["catalog": entries, "links": links(call.identityURL + "/v3/auth/catalog")])
    }

    func authProjects(_ call: Call) async throws(KeystoneError) -> HTTPResponse {
        let caller = try await caller(call)
        let d = service.directory
        let projects = d.projects(of: caller.user).filter(\.enabled)
        return Self.json(
            200,
            [
                "projects": .array(projects.map { project($0, call) }),
                "links": links(call.identityURL + "/v3/auth/projects"),
            ])
    }

    /// Admins see every project; others the projects they hold a role on. `?name=` filters.
    func listProjects(_ call: Call) async throws(KeystoneError) -> HTTPResponse {
        let caller = try await caller(call)
        let d = service.directory
        var projects = Self.isAdmin(caller) ? d.projects : d.projects(of: caller.user)
        if let name = call.query["name"] { projects = projects.filter { $0.name == name } }
        if let domain = call.query["domain_id"] { projects = projects.filter { $0.domainId == domain } }
        return Self.json(
            200,
            ["projects": .array(projects.map { project($0, call) }), "links": links(call.identityURL + "/v3/projects")])
    }

    func showProject(_ id: String, _ call: Call) async throws(KeystoneError) -> HTTPResponse {
        let caller = try await caller(call)
        let d = service.directory
        guard let p = d.project(id: id) else { throw .notFound("Could not find project: \(id).") }
        guard Self.isAdmin(caller) || d.projects(of: caller.user).contains(where: { $0.id == id }) else {
            throw .forbidden("You are not authorized to perform the requested action: identity:get_project.")
        }
        return Self.json(200, ["project": project(p, call)])
    }

    func showUser(_ id: String, _ call: Call) async throws(KeystoneError) -> HTTPResponse {
        let caller = try await caller(call)
        guard let u = service.directory.user(id: id) else { throw .notFound("Could not find user: \(id).") }
        guard Self.isAdmin(caller) || caller.user.id == id else {
            throw .forbidden("You are not authorized to perform the requested action: identity:get_user.")
        }
        var user: [String: JSONValue] = [
            "id": .string(u.id), "name": .string(u.name), "domain_id": .string(u.domainId), "enabled": .bool(u.enabled),
            "password_expires_at": .null, "options": [:],
            "links": ["self": .string(call.identityURL + "/v3/users/" + u.id)],
        ]
        if let p = u.defaultProjectId { user["default_project_id"] = .string(p) }
        return Self.json(200, ["user": .object(user)])
    }

    func project(_ p: IdentityDirectory.Project, _ call: Call) -> JSONValue {
        [
            "id": .string(p.id), "name": .string(p.name), "domain_id": .string(p.domainId), "enabled": .bool(p.enabled),
            "description": .string(p.description), "is_domain": false, "parent_id": .string(p.domainId),
            "tags": [], "options": [:], "links": ["self": .string(call.identityURL + "/v3/projects/" + p.id)],
        ]
    }

    func links(_ selfURL: String) -> JSONValue { ["self": .string(selfURL), "previous": .null, "next": .null] }
}
