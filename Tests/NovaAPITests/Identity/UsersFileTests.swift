import Common
import Foundation
import Testing

@testable import NovaIdentity

@Suite struct UsersFileTests {
    let dir = NSTemporaryDirectory() + "users-file-" + UUID().uuidString
    var path: String { dir + "/users.json" }

    func write(_ text: String) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func aMinimalHandWrittenFileLoadsWithDefaults() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try write(
            """
            {"projects": [{"id": "p1", "name": "demo"}],
             "users": [{"id": "u1", "name": "demo", "password_hash": "$6$x$y", "roles": [{"project_id": "p1", "role": "admin"}]}]}
            """)
        let d = try UsersFile(path: path).load()
        #expect(d.domain(name: "default")?.id == "default")
        #expect(d.user(name: "demo", domainId: "default")?.id == "u1")
        #expect(d.effectiveRoles(user: d.user(id: "u1")!, projectId: "p1") == ["admin", "member", "reader"])
        #expect(d.role(name: "member").id == IdentityDirectory.standardRole("member").id)
    }

    @Test func mistakesAreNamed() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cases: [(String, String)] = [
            ("[]", "not a JSON object"),
            ("{\"user\": []}", "unknown key \"user\""),
            ("{\"users\": [{\"id\": \"u\"}]}", "users[0] needs \"name\""),
            (
                "{\"users\": [{\"id\": \"u\", \"name\": \"a\", \"enabled\": \"yes\"}]}",
                "\"enabled\" must be true or false"
            ),
            (
                "{\"users\": [{\"id\": \"u\", \"name\": \"a\", \"roles\": [{\"project_id\": \"nope\", \"role\": \"member\"}]}]}",
                "project \"nope\", which does not exist"
            ),
            (
                "{\"projects\": [{\"id\": \"p\", \"name\": \"a\"}, {\"id\": \"p\", \"name\": \"b\"}]}",
                "two projects share the id"
            ),
            ("{\"users\": [{\"id\": \"u\", \"name\": \"a\", \"domain_id\": \"x\"}]}", "names no domain"),
        ]
        for (text, expected) in cases {
            try write(text)
            do {
                _ = try UsersFile(path: path).load()
                Issue.record("\(text) loaded")
            } catch {
                #expect(error.description.contains(expected), "\(error.description)")
                #expect(error.description.contains(path))
            }
        }
        try? FileManager.default.removeItem(atPath: path)
        #expect(throws: UsersFileError(path: path, reason: "does not exist")) { try UsersFile(path: path).load() }
    }

    @Test func editsWriteAReadableFileOnlyTheOwnerCanRead() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = UsersFile(path: path)
        try file.edit { d in d.projects.append(.init(id: "p1", name: "demo")) }
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("{\n  \"domains\": [\n    {"))
        #expect(
            text.contains(
                "\n    {\"description\":\"\",\"domain_id\":\"default\",\"enabled\":true,\"id\":\"p1\",\"name\":\"demo\"}\n"
            ))
        #expect(try file.load() == (try IdentityDirectory(json: try JSONValue.parse(text))))
        // An edit that would break a reference is refused and leaves the file as it was.
        #expect(throws: UsersFileError.self) {
            try file.edit { d in
                d.users.append(.init(id: "u", name: "x", assignments: [.init(projectId: "zz", role: "member")]))
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }

    @Test func concurrentEditsAreAllKept() async throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = self.path
        await withTaskGroup(of: Void.self) { group in
            for i in 0..<10 {
                group.addTask {
                    try? UsersFile(path: path).edit { d in d.projects.append(.init(id: "p\(i)", name: "n\(i)")) }
                }
            }
        }
        #expect(try UsersFile(path: path).load().projects.count == 10)
    }
}
