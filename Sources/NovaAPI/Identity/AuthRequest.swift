import Common

/// The body of `POST /v3/auth/tokens`, as far as we serve it: the `password` method (user by id, or by
/// name with its domain by id or name) or the `token` method (rescoping), and a project scope or none.
struct AuthRequest: Sendable, Equatable {
    enum DomainRef: Sendable, Equatable {
        case id(String)
        case name(String)
    }

    enum UserRef: Sendable, Equatable {
        case id(String)
        case name(String, domain: DomainRef)
    }

    enum Identity: Sendable, Equatable {
        case password(user: UserRef, password: String)
        case token(String)
    }

    enum Scope: Sendable, Equatable {
        /// No scope asked: the user's default project, if any, else unscoped (as Keystone).
        case none
        case unscoped
        case projectId(String)
        case projectName(String, domain: DomainRef)
    }

    var identity: Identity
    var methods: [String]
    var scope: Scope

    /// Parses the body; the error message says what is missing, in Keystone's words where it has them.
    static func parse(_ body: JSONValue) throws(KeystoneError) -> AuthRequest {
        guard let auth = body["auth"]?.objectValue else {
            throw .badRequest("Invalid input for field 'auth': 'auth' is a required property")
        }
        guard let identity = auth["identity"]?.objectValue else {
            throw .badRequest("Invalid input for field 'identity': 'identity' is a required property")
        }
        guard let methodList = identity["methods"]?.arrayValue, !methodList.isEmpty,
            methodList.allSatisfy({ $0.stringValue != nil })
        else {
            throw .badRequest("Invalid input for field 'identity/methods': a non-empty list of strings is required")
        }
        let methods = methodList.compactMap(\.stringValue)
        let parsed: Identity
        if methods.contains("password") {
            parsed = try password(identity["password"])
        } else if methods.contains("token") {
            guard let id = identity["token"]?["id"]?.stringValue, !id.isEmpty else {
                throw .badRequest("Invalid input for field 'identity/token': 'id' is a required property")
            }
            parsed = .token(id)
        } else {
            throw .unauthorized("Attempted to authenticate with an unsupported method.", uri: nil)
        }
        return AuthRequest(identity: parsed, methods: methods, scope: try scope(auth["scope"]))
    }

    static func password(_ value: JSONValue?) throws(KeystoneError) -> Identity {
        guard let user = value?["user"]?.objectValue else {
            throw .badRequest("Invalid input for field 'identity/password': 'user' is a required property")
        }
        guard let password = user["password"]?.stringValue else {
            throw .badRequest("Invalid input for field 'identity/password/user': 'password' is a required property")
        }
        if let id = user["id"]?.stringValue, !id.isEmpty { return .password(user: .id(id), password: password) }
        guard let name = user["name"]?.stringValue, !name.isEmpty else {
            throw .badRequest("Invalid input for field 'identity/password/user': 'id' or 'name' is required")
        }
        guard let domain = try domainRef(user["domain"]) else {
            throw .badRequest("Invalid input for field 'identity/password/user': a user by name needs its 'domain'")
        }
        return .password(user: .name(name, domain: domain), password: password)
    }

    static func scope(_ value: JSONValue?) throws(KeystoneError) -> Scope {
        guard let value, !value.isNull else { return .none }
        if value.stringValue == "unscoped" { return .unscoped }
        guard let o = value.objectValue else { throw .badRequest("Invalid input for field 'scope'") }
        if let project = o["project"]?.objectValue {
            if let id = project["id"]?.stringValue, !id.isEmpty { return .projectId(id) }
            guard let name = project["name"]?.stringValue, !name.isEmpty else {
                throw .badRequest("Invalid input for field 'scope/project': 'id' or 'name' is required")
            }
            guard let domain = try domainRef(project["domain"]) else {
                throw .badRequest("Invalid input for field 'scope/project': a project by name needs its 'domain'")
            }
            return .projectName(name, domain: domain)
        }
        if o.keys.contains(where: { ["domain", "system", "OS-TRUST:trust"].contains($0) }) {
            throw .badRequest("This identity service issues project-scoped and unscoped tokens only.")
        }
        throw .badRequest("Invalid input for field 'scope'")
    }

    static func domainRef(_ value: JSONValue?) throws(KeystoneError) -> DomainRef? {
        guard let o = value?.objectValue else { return nil }
        if let id = o["id"]?.stringValue, !id.isEmpty { return .id(id) }
        if let name = o["name"]?.stringValue, !name.isEmpty { return .name(name) }
        throw .badRequest("Invalid input for field 'domain': 'id' or 'name' is required")
    }
}
