import Common
import Testing

@testable import NovaAPI

@Suite struct IdentityReadsTests {
    @Test func catalogAndProjectsOfTheCaller() async throws {
        let h = try IdentityHarness()
        let token = try await h.token("demo")
        let catalog = await h.send("GET", "/identity/v3/auth/catalog", token: token)
        #expect(catalog.status == 200)
        #expect(catalog.json?["catalog"]?.arrayValue?.count == 3)
        let projects = await h.send("GET", "/identity/v3/auth/projects", token: token)
        #expect(projects.json?["projects"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["demo"])
    }

    @Test func projectsAndUsersAreVisibleToThemselvesAndAdmins() async throws {
        let h = try IdentityHarness()
        let demo = try await h.token("demo")
        let admin = try await h.token("admin")
        let demoProject = h.ids["project:demo"]!
        let own = await h.send("GET", "/identity/v3/projects/\(demoProject)", token: demo)
        #expect(own.status == 200)
        #expect(own.json?["project"]?["name"] == "demo")
        #expect(own.json?["project"]?["domain_id"] == "default")
        #expect(await h.send("GET", "/identity/v3/projects/\(h.ids["project:other"]!)", token: demo).status == 403)
        #expect(await h.send("GET", "/identity/v3/projects/\(h.ids["project:other"]!)", token: admin).status == 200)
        #expect(await h.send("GET", "/identity/v3/projects/nope", token: admin).status == 404)
        let named = await h.send("GET", "/identity/v3/projects?name=other", token: admin)
        #expect(named.json?["projects"]?.arrayValue?.count == 1)
        let mine = await h.send("GET", "/identity/v3/projects", token: demo)
        #expect(mine.json?["projects"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["demo"])
        let me = await h.send("GET", "/identity/v3/users/\(h.ids["user:demo"]!)", token: demo)
        #expect(me.json?["user"]?["name"] == "demo")
        #expect(me.json?["user"]?["default_project_id"] == .string(demoProject))
        #expect(me.json?["user"]?["password_hash"] == nil)
        #expect(await h.send("GET", "/identity/v3/users/\(h.ids["user:carol"]!)", token: demo).status == 403)
    }
}
