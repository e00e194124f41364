import Common
import Foundation

/// The Keystone v3 subset nova-api serves at `/identity`, as an `HTTPHandler` mounted beside the
/// compute API: version discovery, `/v3/auth/tokens` (issue, validate, revoke), and the few reads
/// clients make with a token (`/v3/auth/catalog`, `/v3/auth/projects`, `/v3/projects`, `/v3/users/{id}`).
public struct IdentityAPI: HTTPHandler {
    public let service: IdentityService
    /// Where it is mounted.
    public let prefix: String
    /// Keystone's `max_request_body_size`.
    static let maxBodySize = 114_688

    public init(service: IdentityService, prefix: String = "/identity") {
        self.service = service
        self.prefix = prefix
    }

    /// One request on its way through: the id every answer carries, the base URL links use.
    struct Call {
        let request: HTTPRequest
        let requestId: String
        let identityURL: String
        let query: QueryParameters
    }

    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let started = Date()
        let call = Call(
            request: request, requestId: RequestContext.newRequestId(),
            identityURL: service.identityURL(for: request), query: QueryParameters(parsing: request.query))
        var response: HTTPResponse
        do {
            response = try await route(call)
        } catch {
            response = error.response(requestId: nil)
        }
        response.headers.set("x-openstack-request-id", call.requestId)
        response.headers.set("Vary", "X-Auth-Token")
        if request.method == "HEAD" { response.body = [] }
        service.logSink.log(
            .info, logger: IdentityService.loggerName,
            "\(RequestLog.clientAddress(request.remoteAddress)) \"\(request.method) \(request.path)\" status: "
                + "\(response.status) len: \(response.body.count) time: "
                + String(format: "%.6f", Date().timeIntervalSince(started)), context: nil)
        return response
    }

    func route(_ call: Call) async throws(KeystoneError) -> HTTPResponse {
        let path = String(call.request.path.dropFirst(prefix.count))
        let method = call.request.method == "HEAD" ? "GET" : call.request.method
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        switch (segments.first, segments.dropFirst().first, segments.count) {
        case (nil, _, _):
            try allow(method, ["GET"])
            return Self.json(300, IdentityVersions.all(identityURL: call.identityURL))
        case ("v3", nil, _):
            try allow(method, ["GET"])
            return Self.json(200, IdentityVersions.version(identityURL: call.identityURL))
        case ("v3", "auth", 3) where segments[2] == "tokens":
            return try await tokens(method, call)
        case ("v3", "auth", 3) where segments[2] == "catalog":
            try allow(method, ["GET"])
            return try await authCatalog(call)
        case ("v3", "auth", 3) where segments[2] == "projects":
            try allow(method, ["GET"])
            return try await authProjects(call)
        case ("v3", "projects", 2):
            try allow(method, ["GET"])
            return try await listProjects(call)
        case ("v3", "projects", 3):
            try allow(method, ["GET"])
            return try await showProject(segments[2], call)
        case ("v3", "users", 3):
            try allow(method, ["GET"])
            return try await showUser(segments[2], call)
        default:
            throw .notFound("The resource could not be found.")
        }
    }

    func allow(_ method: String, _ allowed: [String]) throws(KeystoneError) {
        guard allowed.contains(method) else {
            throw KeystoneError(status: 405, message: "The method is not allowed for the requested URL.")
        }
    }

    // MARK: /v3/auth/tokens

    func tokens(_ method: String, _ call: Call) async throws(KeystoneError) -> HTTPResponse {
        switch method {
        case "POST": return try await issue(call)
        case "GET", "DELETE":
            let caller = try await caller(call)
            guard let subject = call.request.headers["X-Subject-Token"]?.trimmingSpaces, !subject.isEmpty else {
                throw .badRequest("Expecting to find X-Subject-Token in request headers.")
            }
            let action = method == "GET" ? "identity:validate_token" : "identity:revoke_token"
            let target: IdentityService.ValidToken
            switch await service.validate(subject) {
            case .success(let v): target = v
            case .failure(.unavailable(let why)): throw KeystoneError(status: 503, message: why)
            case .failure(.invalid): throw .notFound("Failed to validate token")
            }
            guard Self.isAdmin(caller) || caller.user.id == target.user.id else {
                throw .forbidden("You are not authorized to perform the requested action: \(action).")
            }
            if method == "DELETE" {
                do { try await service.revoke(target) } catch {
                    throw KeystoneError(status: 503, message: "The token could not be revoked: \(error)")
                }
                return HTTPResponse(status: 204)
            }
            var response = Self.json(200, TokenView.body(target, catalog: catalog(call)))
            response.headers.set("X-Subject-Token", subject)
            return response
        default:
            throw KeystoneError(status: 405, message: "The method is not allowed for the requested URL.")
        }
    }

    func issue(_ call: Call) async throws(KeystoneError) -> HTTPResponse {
        guard call.request.body.count <= Self.maxBodySize else {
            throw KeystoneError(status: 413, message: "Request Entity Too Large")
        }
        guard let body = try? JSONValue.parse(call.request.body) else {
            throw .badRequest("Malformed JSON in request body.")
        }
        let auth = try AuthRequest.parse(body)
        let source = RequestLog.clientAddress(call.request.remoteAddress)
        switch await service.issue(auth, source: source, identityURL: call.identityURL) {
        case .failure(let e): throw e
        case .success(let valid):
            var response = Self.json(201, TokenView.body(valid, catalog: catalog(call)))
            response.headers.set("X-Subject-Token", valid.id)
            return response
        }
    }

    /// The catalog for the token body, unless `?nocatalog` was asked.
    func catalog(_ call: Call) -> JSONValue? {
        guard !call.query.contains("nocatalog") else { return nil }
        return service.catalog.entries(baseURL: service.settings.publicEndpoint.baseURL(for: call.request))
    }

    /// The caller's `X-Auth-Token`, validated; 401 otherwise.
    func caller(_ call: Call) async throws(KeystoneError) -> IdentityService.ValidToken {
        guard let id = call.request.headers["X-Auth-Token"]?.trimmingSpaces, !id.isEmpty else {
            throw .unauthorized(uri: call.identityURL)
        }
        switch await service.validate(id) {
        case .success(let v): return v
        case .failure(.unavailable(let why)): throw KeystoneError(status: 503, message: why)
        case .failure(.invalid): throw .unauthorized(uri: call.identityURL)
        }
    }

    static func isAdmin(_ v: IdentityService.ValidToken) -> Bool {
        v.project != nil && v.roles.contains { $0.name.lowercased() == "admin" }
    }

    static func json(_ status: Int, _ body: JSONValue) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: HTTPHeaders([("Content-Type", "application/json")]), body: body.serializedBytes())
    }
}
