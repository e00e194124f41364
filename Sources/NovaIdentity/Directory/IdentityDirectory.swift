import Common
import Foundation

/// Who may sign in: domains, projects, roles and users with their password hashes and role
/// assignments, as `[identity] users_file` holds them. A value: nova-api swaps whole directories on reload.
public struct IdentityDirectory: Sendable, Equatable {
    public struct Domain: Sendable, Equatable {
        public var id: String
        public var name: String
        public var enabled: Bool
        public init(id: String, name: String, enabled: Bool = true) {
            self.id = id
            self.name = name
            self.enabled = enabled
        }
    }

    public struct Project: Sendable, Equatable {
        public var id: String
        public var name: String
        public var domainId: String
        public var enabled: Bool
        public var description: String
        public init(
            id: String, name: String, domainId: String = defaultDomainId, enabled: Bool = true,
            description: String = ""
        ) {
            self.id = id
            self.name = name
            self.domainId = domainId
            self.enabled = enabled
            self.description = description
        }
    }

    /// A role; holding it also grants the roles it `implies` (Keystone's implied roles).
    public struct Role: Sendable, Equatable {
        public var id: String
        public var name: String
        public var implies: [String]
        public init(id: String, name: String, implies: [String] = []) {
            self.id = id
            self.name = name
            self.implies = implies
        }
    }

    /// A role (by name) held on a project (by id).
    public struct Assignment: Sendable, Equatable, Hashable {
        public var projectId: String
        public var role: String
        public init(projectId: String, role: String) {
            self.projectId = projectId
            self.role = role
        }
    }

    public struct User: Sendable, Equatable {
        public var id: String
        public var name: String
        public var domainId: String
        public var enabled: Bool
        /// A crypt(3) hash (`$6$…`); nil means the user cannot sign in with a password.
        public var passwordHash: String?
        /// Tokens issued before this instant are refused (Keystone revokes them on a password change).
        public var passwordChangedAt: Date?
        public var defaultProjectId: String?
        public var assignments: [Assignment]
        public init(
            id: String, name: String, domainId: String = defaultDomainId, enabled: Bool = true,
            passwordHash: String? = nil, passwordChangedAt: Date? = nil, defaultProjectId: String? = nil,
            assignments: [Assignment] = []
        ) {
            self.id = id
            self.name = name
            self.domainId = domainId
            self.enabled = enabled
            self.passwordHash = passwordHash
            self.passwordChangedAt = passwordChangedAt
            self.defaultProjectId = defaultProjectId
            self.assignments = assignments
        }
    }

    public static let defaultDomainId = "default"
    public static let defaultDomain = Domain(id: defaultDomainId, name: "Default")
    /// Keystone's default roles since Wallaby/2023.2: admin ⇒ member ⇒ reader, manager ⇒ member.
    public static let standardRoleNames = ["admin", "manager", "member", "reader"]
    static let standardImplications = ["admin": ["member"], "manager": ["member"], "member": ["reader"]]

    public var domains: [Domain]
    public var projects: [Project]
    public var roles: [Role]
    public var users: [User]

    public init(
        domains: [Domain] = [defaultDomain], projects: [Project] = [], roles: [Role]? = nil,
        users: [User] = []
    ) {
        self.domains = domains
        self.projects = projects
        self.roles = roles ?? IdentityDirectory.standardRoleNames.map { IdentityDirectory.standardRole($0) }
        self.users = users
    }

    /// A role the file does not list: a stable id derived from its name, so every worker agrees.
    public static func standardRole(_ name: String) -> Role {
        let digest = HMACSHA256.mac(key: Array("mini-nova role id".utf8), Array(name.lowercased().utf8))
        return Role(id: Hex.encode(Array(digest.prefix(16))), name: name, implies: standardImplications[name] ?? [])
    }

    // MARK: lookups

    public func domain(id: String) -> Domain? { domains.first { $0.id == id } }
    /// Domain names compare case-insensitively, as Keystone's SQL backend does by default.
    public func domain(name: String) -> Domain? { domains.first { $0.name.lowercased() == name.lowercased() } }
    public func project(id: String) -> Project? { projects.first { $0.id == id } }
    public func project(name: String, domainId: String) -> Project? {
        projects.first { $0.name == name && $0.domainId == domainId }
    }
    public func user(id: String) -> User? { users.first { $0.id == id } }
    public func user(name: String, domainId: String) -> User? {
        users.first { $0.name == name && $0.domainId == domainId }
    }
    public func role(name: String) -> Role {
        roles.first { $0.name.lowercased() == name.lowercased() } ?? IdentityDirectory.standardRole(name)
    }

    /// The roles `user` holds on `projectId`, implied ones included, by name, sorted: what a token carries.
    public func effectiveRoles(user: User, projectId: String) -> [String] {
        var held = Set<String>()
        var pending = user.assignments.filter { $0.projectId == projectId }.map { $0.role.lowercased() }
        while let name = pending.popLast() {
            guard held.insert(name).inserted else { continue }
            pending += role(name: name).implies.map { $0.lowercased() }
        }
        return held.map { role(name: $0).name }.sorted()
    }

    /// The projects `user` holds any role on.
    public func projects(of user: User) -> [Project] {
        let ids = Set(user.assignments.map(\.projectId))
        return projects.filter { ids.contains($0.id) }
    }
}
