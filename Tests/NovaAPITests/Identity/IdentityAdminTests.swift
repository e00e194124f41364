import Common
import Foundation
import Testing

@testable import NovaIdentity

@Suite struct IdentityAdminTests {
    let dir = NSTemporaryDirectory() + "identity-admin-" + UUID().uuidString
    var file: UsersFile { UsersFile(path: dir + "/users.json") }

    /// Runs a command; returns its status and what it printed (stdout and stderr lines).
    func run(_ args: [String], stdin: String? = nil) -> (Int32, [String]) {
        let lines = Lines()
        var admin = IdentityAdmin(file: file, rounds: 1000)
        admin.out = { lines.add($0) }
        admin.err = { lines.add($0) }
        admin.readLine = { stdin }
        return (admin.run(args), lines.all)
    }

    @Test func createsProjectsUsersAndRoles() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (s1, project) = run(["project-create", "--name", "demo", "--description", "Demo project"])
        #expect(s1 == 0)
        let (s2, user) = run([
            "user-create", "--name", "demo", "--password", "pw", "--project", "demo", "--role", "member",
        ])
        #expect(s2 == 0)
        let d = try file.load()
        let u = try #require(d.user(id: user[0]))
        #expect(u.defaultProjectId == project[0])
        #expect(u.assignments == [.init(projectId: project[0], role: "member")])
        #expect(PasswordHash.verify("pw", against: u.passwordHash ?? ""))
        #expect(u.passwordChangedAt != nil)
        #expect(run(["role-add", "--user", "demo", "--project", "demo", "--role", "admin"]).0 == 0)
        #expect(run(["role-add", "--user", "demo", "--project", "demo", "--role", "admin"]).0 == 0)  // idempotent
        #expect(try file.load().user(id: u.id)?.assignments.map(\.role) == ["member", "admin"])
        let (s3, list) = run(["user-list"])
        #expect(s3 == 0)
        #expect(list == ["\(u.id)\tdemo\tDefault\tenabled\tdemo:member,demo:admin"])
    }

    @Test func duplicatesAreRefusedUnlessEnsured() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (_, first) = run(["project-create", "--name", "demo"])
        let (status, message) = run(["project-create", "--name", "demo"])
        #expect(status == 1)
        #expect(message.joined().contains("already exists"))
        let (ensured, again) = run(["project-create", "--name", "demo", "--ensure"])
        #expect(ensured == 0 && again == first)
        _ = run(["user-create", "--name", "u", "--password", "pw"])
        #expect(run(["user-create", "--name", "u", "--password", "other"]).0 == 1)
        #expect(run(["user-create", "--name", "u", "--password", "other", "--ensure"]).0 == 0)
        // --ensure leaves the existing user's password alone.
        #expect(
            PasswordHash.verify("pw", against: try file.load().user(name: "u", domainId: "default")?.passwordHash ?? "")
        )
    }

    @Test func passwordsCanComeFromStandardInput() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(run(["user-create", "--name", "u", "--password-stdin"], stdin: "from-stdin").0 == 0)
        #expect(PasswordHash.verify("from-stdin", against: try file.load().users[0].passwordHash ?? ""))
        #expect(run(["password-set", "--name", "u", "--password-stdin"], stdin: "changed").0 == 0)
        #expect(PasswordHash.verify("changed", against: try file.load().users[0].passwordHash ?? ""))
        #expect(run(["password-set", "--name", "u", "--password-stdin"], stdin: nil).0 == 1)
        #expect(run(["password-set", "--name", "u", "--password", ""]).0 == 1)
    }

    @Test func mistakesGetClearMessagesAndStatuses() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(run([]).0 == 2)
        #expect(run(["frobnicate"]).0 == 2)
        #expect(run(["project-create"]).0 == 2)
        #expect(run(["project-create", "--name"]).0 == 2)
        #expect(run(["user-create", "--name", "u", "--role", "member"]).0 == 2)
        #expect(run(["password-set", "--name", "u"]).0 == 2)
        let (status, message) = run(["role-add", "--user", "ghost", "--project", "nope", "--role", "member"])
        #expect(status == 1)
        #expect(message.joined().contains("no project \"nope\""))
        #expect(
            run(["user-create", "--name", "u", "--domain", "Elsewhere"]).1.joined().contains("no domain \"Elsewhere\""))
    }
}

final class Lines: @unchecked Sendable {
    // @unchecked: `lines` is only touched under `lock`.
    private let lock = NSLock()
    private var lines: [String] = []
    func add(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
