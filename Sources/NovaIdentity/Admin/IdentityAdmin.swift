import Common
import Foundation

/// `nova-manage identity <command>`: edits the users file under its lock. Lives here (not in NovaManage)
/// so that tests can drive it; nova-manage passes its arguments, the file and the hash cost.
public struct IdentityAdmin {
    public let file: UsersFile
    public let rounds: Int
    /// The first line of standard input, for `--password-stdin` (keeps passwords out of `ps`).
    public var readLine: @Sendable () -> String? = { Swift.readLine(strippingNewline: true) }
    public var out: @Sendable (String) -> Void = { print($0) }
    public var err: @Sendable (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
    /// When a password counts as changed (tokens issued before it stop working).
    public var now: @Sendable () -> Date = { NovaTime.now() }

    public init(file: UsersFile, rounds: Int = PasswordHash.defaultRounds) {
        self.file = file
        self.rounds = rounds
    }

    public static let usage = """
        usage: nova-manage identity <command> [options]
          project-create --name NAME [--domain DOMAIN] [--description TEXT] [--id ID] [--ensure]
          user-create    --name NAME [--domain DOMAIN] [--password PASS | --password-stdin]
                         [--project PROJECT [--project-domain DOMAIN] --role ROLE ...] [--id ID] [--ensure]
          password-set   --name NAME [--domain DOMAIN] (--password PASS | --password-stdin)
          role-add       --user NAME [--user-domain DOMAIN] --project PROJECT [--project-domain DOMAIN] --role ROLE
          user-list
        Domains are named (default: Default); --ensure leaves an existing entry alone and prints its id.
        """

    /// 0 on success, 1 when the change is refused or the file cannot be used, 2 on a usage error.
    public func run(_ args: [String]) -> Int32 {
        guard let command = args.first else {
            err(IdentityAdmin.usage)
            return 2
        }
        let options: Options
        do { options = try Options.parse(Array(args.dropFirst())) } catch {
            err("error: \(error.description)\n\(IdentityAdmin.usage)")
            return 2
        }
        do {
            switch command {
            case "project-create": try projectCreate(options)
            case "user-create": try userCreate(options)
            case "password-set": try passwordSet(options)
            case "role-add": try roleAdd(options)
            case "user-list": try userList()
            default:
                err("error: unknown identity command \"\(command)\"\n\(IdentityAdmin.usage)")
                return 2
            }
            return 0
        } catch let e as Options.UsageError {
            err("error: \(e.description)\n\(IdentityAdmin.usage)")
            return 2
        } catch {
            err("error: \(error)")
            return 1
        }
    }

    /// A refusal with the sentence the operator sees.
    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    func projectCreate(_ o: Options) throws {
        let name = try o.required("name")
        let id = try file.edit { d throws -> String in
            let domain = try Self.domain(o["domain"], in: d)
            if let existing = d.project(name: name, domainId: domain.id) {
                guard o.flag("ensure") else {
                    throw Refusal(description: "project \"\(name)\" already exists in domain \(domain.name)")
                }
                return existing.id
            }
            let id = try o["id"] ?? SecureRandom.hexId()
            guard d.project(id: id) == nil else { throw Refusal(description: "a project with id \(id) exists") }
            d.projects.append(.init(id: id, name: name, domainId: domain.id, description: o["description"] ?? ""))
            return id
        }
        out(id)
    }

    func userCreate(_ o: Options) throws {
        let name = try o.required("name")
        let password = try password(o, required: false)
        let hash = try password.map { p throws in try PasswordHash.make(p, rounds: rounds) }
        let roles = o.all("role")
        if !roles.isEmpty && o["project"] == nil { throw Options.UsageError("--role needs --project") }
        let id = try file.edit { d throws -> String in
            let domain = try Self.domain(o["domain"], in: d)
            if let existing = d.user(name: name, domainId: domain.id) {
                guard o.flag("ensure") else {
                    throw Refusal(description: "user \"\(name)\" already exists in domain \(domain.name)")
                }
                return existing.id
            }
            let id = try o["id"] ?? SecureRandom.hexId()
            guard d.user(id: id) == nil else { throw Refusal(description: "a user with id \(id) exists") }
            var user = IdentityDirectory.User(
                id: id, name: name, domainId: domain.id, passwordHash: hash,
                passwordChangedAt: hash == nil ? nil : now())
            if let projectName = o["project"] {
                let project = try Self.project(projectName, domain: o["project-domain"], in: d)
                user.defaultProjectId = project.id
                user.assignments = roles.map { .init(projectId: project.id, role: $0) }
            }
            d.users.append(user)
            return id
        }
        out(id)
    }

    func passwordSet(_ o: Options) throws {
        let name = try o.required("name")
        guard let password = try password(o, required: true) else { return }
        let hash = try PasswordHash.make(password, rounds: rounds)
        try file.edit { d throws in
            let domain = try Self.domain(o["domain"], in: d)
            guard let i = d.users.firstIndex(where: { $0.name == name && $0.domainId == domain.id }) else {
                throw Refusal(description: "no user \"\(name)\" in domain \(domain.name)")
            }
            d.users[i].passwordHash = hash
            // Tokens issued before now stop working, as Keystone revokes them on a password change.
            d.users[i].passwordChangedAt = now()
        }
    }

    func roleAdd(_ o: Options) throws {
        let userName = try o.required("user")
        let projectName = try o.required("project")
        let role = try o.required("role")
        try file.edit { d throws in
            let domain = try Self.domain(o["user-domain"], in: d)
            let project = try Self.project(projectName, domain: o["project-domain"], in: d)
            guard let i = d.users.firstIndex(where: { $0.name == userName && $0.domainId == domain.id }) else {
                throw Refusal(description: "no user \"\(userName)\" in domain \(domain.name)")
            }
            let assignment = IdentityDirectory.Assignment(projectId: project.id, role: d.role(name: role).name)
            if !d.users[i].assignments.contains(assignment) { d.users[i].assignments.append(assignment) }
            if d.users[i].defaultProjectId == nil { d.users[i].defaultProjectId = project.id }
        }
    }

    func userList() throws {
        let d = file.exists ? try file.load() : IdentityDirectory()
        for u in d.users {
            let domain = d.domain(id: u.domainId)?.name ?? u.domainId
            let grants = u.assignments.map { "\(d.project(id: $0.projectId)?.name ?? $0.projectId):\($0.role)" }
            out(
                [u.id, u.name, domain, u.enabled ? "enabled" : "disabled", grants.joined(separator: ",")]
                    .joined(separator: "\t"))
        }
    }

    func password(_ o: Options, required: Bool) throws -> String? {
        if let p = o["password"] { return try checked(p) }
        if o.flag("password-stdin") {
            guard let line = readLine() else { throw Refusal(description: "no password on standard input") }
            return try checked(line)
        }
        if required { throw Options.UsageError("give --password or --password-stdin") }
        return nil
    }

    func checked(_ password: String) throws -> String {
        guard !password.isEmpty else { throw Refusal(description: "the password is empty") }
        guard password.utf8.count <= 4096 else { throw Refusal(description: "the password is longer than 4096 bytes") }
        return password
    }

    static func domain(_ name: String?, in d: IdentityDirectory) throws -> IdentityDirectory.Domain {
        let name = name ?? IdentityDirectory.defaultDomain.name
        guard let domain = d.domain(name: name) ?? d.domain(id: name) else {
            throw Refusal(description: "no domain \"\(name)\"")
        }
        return domain
    }

    static func project(_ nameOrId: String, domain: String?, in d: IdentityDirectory) throws
        -> IdentityDirectory.Project
    {
        let dom = try Self.domain(domain, in: d)
        guard let p = d.project(name: nameOrId, domainId: dom.id) ?? d.project(id: nameOrId) else {
            throw Refusal(description: "no project \"\(nameOrId)\" in domain \(dom.name)")
        }
        return p
    }
}

/// `--key value` options (repeatable) and bare `--flag`s.
struct Options {
    static let flags: Set<String> = ["ensure", "password-stdin"]
    var values: [(String, String)] = []
    var setFlags: Set<String> = []

    struct UsageError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    static func parse(_ args: [String]) throws(UsageError) -> Options {
        var o = Options()
        var i = 0
        while i < args.count {
            let a = args[i]
            guard a.hasPrefix("--"), a.count > 2 else { throw UsageError("unexpected argument \"\(a)\"") }
            var key = String(a.dropFirst(2))
            if let eq = key.firstIndex(of: "=") {
                o.values.append((String(key[..<eq]), String(key[key.index(after: eq)...])))
                key = ""
            } else if flags.contains(key) {
                o.setFlags.insert(key)
            } else {
                guard i + 1 < args.count else { throw UsageError("--\(key) needs a value") }
                o.values.append((key, args[i + 1]))
                i += 1
            }
            i += 1
        }
        return o
    }

    subscript(key: String) -> String? { values.last { $0.0 == key }?.1 }
    func all(_ key: String) -> [String] { values.filter { $0.0 == key }.map(\.1) }
    func flag(_ key: String) -> Bool { setFlags.contains(key) }
    func required(_ key: String) throws(UsageError) -> String {
        guard let v = self[key], !v.isEmpty else { throw UsageError("--\(key) is required") }
        return v
    }
}
