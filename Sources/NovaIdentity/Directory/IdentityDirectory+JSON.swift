import Common
import Foundation

/// The users file's JSON form: `{"domains": [...], "projects": [...], "roles": [...], "users": [...]}`,
/// every key optional (the Default domain and the standard roles are always there). Read strictly, so a
/// typo in a hand edit is reported instead of silently locking someone out.
extension IdentityDirectory {
    /// The problem text without the path; `UsersFile` adds it.
    public struct FormatError: Error, Sendable, Equatable {
        public let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    public init(json: JSONValue) throws(FormatError) {
        guard let top = json.objectValue else { throw FormatError("the document is not a JSON object") }
        let reader = Reader()
        try reader.onlyKeys(top, ["domains", "projects", "roles", "users"], at: "the document")
        var domains = try reader.list(top, "domains").map { (v, at) throws(FormatError) in
            try reader.domain(v, at)
        }
        if !domains.contains(where: { $0.id == IdentityDirectory.defaultDomainId }) {
            domains.insert(IdentityDirectory.defaultDomain, at: 0)
        }
        let projects = try reader.list(top, "projects").map { (v, at) throws(FormatError) in
            try reader.project(v, at)
        }
        var roles = try reader.list(top, "roles").map { (v, at) throws(FormatError) in try reader.role(v, at) }
        for name in IdentityDirectory.standardRoleNames
        where !roles.contains(where: { $0.name.lowercased() == name }) {
            roles.append(IdentityDirectory.standardRole(name))
        }
        let users = try reader.list(top, "users").map { (v, at) throws(FormatError) in try reader.user(v, at) }
        self.init(domains: domains, projects: projects, roles: roles, users: users)
        try validateReferences()
    }

    /// Unique ids and names, and every reference pointing at something that exists.
    func validateReferences() throws(FormatError) {
        func unique(_ keys: [String], _ what: String, _ key: String) throws(FormatError) {
            var seen = Set<String>()
            for k in keys where !seen.insert(k).inserted { throw FormatError("two \(what) share the \(key) \(k)") }
        }
        try unique(domains.map(\.id), "domains", "id")
        try unique(domains.map { $0.name.lowercased() }, "domains", "name")
        try unique(projects.map(\.id), "projects", "id")
        try unique(projects.map { "\($0.domainId)/\($0.name)" }, "projects", "domain/name")
        try unique(roles.map(\.id), "roles", "id")
        try unique(roles.map { $0.name.lowercased() }, "roles", "name")
        try unique(users.map(\.id), "users", "id")
        try unique(users.map { "\($0.domainId)/\($0.name)" }, "users", "domain/name")
        for p in projects where domain(id: p.domainId) == nil {
            throw FormatError("project \"\(p.name)\": domain_id \"\(p.domainId)\" names no domain")
        }
        for u in users {
            if domain(id: u.domainId) == nil {
                throw FormatError("user \"\(u.name)\": domain_id \"\(u.domainId)\" names no domain")
            }
            if let d = u.defaultProjectId, project(id: d) == nil {
                throw FormatError("user \"\(u.name)\": default_project_id \"\(d)\" names no project")
            }
            for a in u.assignments where project(id: a.projectId) == nil {
                throw FormatError("user \"\(u.name)\": a role on project \"\(a.projectId)\", which does not exist")
            }
        }
    }

    public var json: JSONValue {
        [
            "domains": .array(
                domains.map { ["id": .string($0.id), "name": .string($0.name), "enabled": .bool($0.enabled)] }),
            "projects": .array(
                projects.map {
                    [
                        "id": .string($0.id), "name": .string($0.name), "domain_id": .string($0.domainId),
                        "enabled": .bool($0.enabled), "description": .string($0.description),
                    ]
                }),
            "roles": .array(
                roles.map {
                    ["id": .string($0.id), "name": .string($0.name), "implies": .array($0.implies.map { .string($0) })]
                }),
            "users": .array(users.map(userJSON)),
        ]
    }

    func userJSON(_ u: User) -> JSONValue {
        var o: [String: JSONValue] = [
            "id": .string(u.id), "name": .string(u.name), "domain_id": .string(u.domainId),
            "enabled": .bool(u.enabled), "password_hash": .from(u.passwordHash),
            "roles": .array(u.assignments.map { ["project_id": .string($0.projectId), "role": .string($0.role)] }),
        ]
        if let at = u.passwordChangedAt {
            o["password_changed_at"] = .string(NovaTime.format(at, .isoMicroseconds) + "Z")
        }
        if let d = u.defaultProjectId { o["default_project_id"] = .string(d) }
        return .object(o)
    }

    /// The file's text: one entry per line, so hand edits and diffs stay readable.
    public var fileText: String {
        var out = "{\n"
        let sections = ["domains", "projects", "roles", "users"]
        for (i, key) in sections.enumerated() {
            let items = json[key]?.arrayValue ?? []
            out += "  \"\(key)\": ["
            out +=
                items.isEmpty ? "]" : "\n" + items.map { "    " + $0.serialized() }.joined(separator: ",\n") + "\n  ]"
            out += i == sections.count - 1 ? "\n" : ",\n"
        }
        return out + "}\n"
    }
}

/// Typed field reads with messages that name where the bad value is.
private struct Reader {
    typealias FormatError = IdentityDirectory.FormatError

    func list(_ top: [String: JSONValue], _ key: String) throws(FormatError) -> [(JSONValue, String)] {
        guard let v = top[key], !v.isNull else { return [] }
        guard let a = v.arrayValue else { throw FormatError("\"\(key)\" must be a list") }
        return a.enumerated().map { ($0.element, "\(key)[\($0.offset)]") }
    }

    func object(_ v: JSONValue, _ at: String) throws(FormatError) -> [String: JSONValue] {
        guard let o = v.objectValue else { throw FormatError("\(at) must be an object") }
        return o
    }

    func onlyKeys(_ o: [String: JSONValue], _ allowed: Set<String>, at: String) throws(FormatError) {
        if let unknown = o.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw FormatError(
                "\(at) has an unknown key \"\(unknown)\" (known: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    func string(_ o: [String: JSONValue], _ key: String, _ at: String) throws(FormatError) -> String {
        guard let s = o[key]?.stringValue, !s.isEmpty else {
            throw FormatError("\(at) needs \"\(key)\" as a non-empty string")
        }
        return s
    }

    func optionalString(_ o: [String: JSONValue], _ key: String, _ at: String) throws(FormatError) -> String? {
        guard let v = o[key], !v.isNull else { return nil }
        guard let s = v.stringValue else { throw FormatError("\(at): \"\(key)\" must be a string or null") }
        return s
    }

    func bool(_ o: [String: JSONValue], _ key: String, _ at: String) throws(FormatError) -> Bool {
        guard let v = o[key], !v.isNull else { return true }
        guard let b = v.boolValue else { throw FormatError("\(at): \"\(key)\" must be true or false") }
        return b
    }

    func domain(_ v: JSONValue, _ at: String) throws(FormatError) -> IdentityDirectory.Domain {
        let o = try object(v, at)
        try onlyKeys(o, ["id", "name", "enabled"], at: at)
        return .init(id: try string(o, "id", at), name: try string(o, "name", at), enabled: try bool(o, "enabled", at))
    }

    func project(_ v: JSONValue, _ at: String) throws(FormatError) -> IdentityDirectory.Project {
        let o = try object(v, at)
        try onlyKeys(o, ["id", "name", "domain_id", "enabled", "description"], at: at)
        return .init(
            id: try string(o, "id", at), name: try string(o, "name", at),
            domainId: try optionalString(o, "domain_id", at) ?? IdentityDirectory.defaultDomainId,
            enabled: try bool(o, "enabled", at), description: try optionalString(o, "description", at) ?? "")
    }

    func role(_ v: JSONValue, _ at: String) throws(FormatError) -> IdentityDirectory.Role {
        let o = try object(v, at)
        try onlyKeys(o, ["id", "name", "implies"], at: at)
        let name = try string(o, "name", at)
        var implies: [String] = []
        if let raw = o["implies"], !raw.isNull {
            guard let list = raw.arrayValue?.compactMap(\.stringValue), list.count == raw.arrayValue?.count else {
                throw FormatError("\(at): \"implies\" must be a list of role names")
            }
            implies = list
        }
        let id = try optionalString(o, "id", at) ?? IdentityDirectory.standardRole(name).id
        return .init(id: id, name: name, implies: implies)
    }

    func user(_ v: JSONValue, _ at: String) throws(FormatError) -> IdentityDirectory.User {
        let o = try object(v, at)
        try onlyKeys(
            o,
            [
                "id", "name", "domain_id", "enabled", "password_hash", "password_changed_at", "default_project_id",
                "roles",
            ],
            at: at)
        var changedAt: Date?
        if let text = try optionalString(o, "password_changed_at", at) {
            guard let d = NovaTime.parse(text) else {
                throw FormatError("\(at): \"password_changed_at\" is not a date-time (\(text))")
            }
            changedAt = d
        }
        var assignments: [IdentityDirectory.Assignment] = []
        if let raw = o["roles"], !raw.isNull {
            guard let list = raw.arrayValue else { throw FormatError("\(at): \"roles\" must be a list") }
            for (i, item) in list.enumerated() {
                let where_ = "\(at).roles[\(i)]"
                let a = try object(item, where_)
                try onlyKeys(a, ["project_id", "role"], at: where_)
                assignments.append(
                    .init(projectId: try string(a, "project_id", where_), role: try string(a, "role", where_)))
            }
        }
        return .init(
            id: try string(o, "id", at), name: try string(o, "name", at),
            domainId: try optionalString(o, "domain_id", at) ?? IdentityDirectory.defaultDomainId,
            enabled: try bool(o, "enabled", at), passwordHash: try optionalString(o, "password_hash", at),
            passwordChangedAt: changedAt, defaultProjectId: try optionalString(o, "default_project_id", at),
            assignments: assignments)
    }
}
