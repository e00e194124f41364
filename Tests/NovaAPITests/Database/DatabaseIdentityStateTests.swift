import Common
import Foundation
import NovaDB
import NovaIdentity
import Testing

@testable import NovaAPI

/// What the identity and image endpoints keep in the database: revoked tokens (shared by every
/// nova-api worker) and the image catalog.
@Suite("Database store: token revocations and the image catalog")
struct DatabaseIdentityStateTests {
    @Test(
        "a revocation is seen at once where it was made and after a refresh elsewhere; expired ones are forgotten",
        arguments: DatabaseEngine.allCases)
    func revocations(engine: DatabaseEngine) async throws {
        let (store, cleanup) = try await engine.openStore()
        defer { cleanup() }
        let here = DatabaseTokenRevocations(store: store, refreshInterval: .seconds(3600))
        let there = DatabaseTokenRevocations(store: store, refreshInterval: .seconds(3600))
        let fresh = DatabaseTokenRevocations(store: store, refreshInterval: .zero)
        #expect(try await there.isRevoked(auditId: "a1") == false)  // loads (empty) and caches for an hour
        try await here.revoke(auditId: "a1", expiresAt: Date().addingTimeInterval(600))
        #expect(try await here.isRevoked(auditId: "a1"))
        #expect(try await fresh.isRevoked(auditId: "a1"))
        #expect(try await there.isRevoked(auditId: "a1") == false)  // its cache is not stale yet
        try await here.revoke(auditId: "old", expiresAt: Date().addingTimeInterval(-1))
        #expect(try await store.revokedTokens() == ["a1"])
        try await here.revoke(auditId: "a1", expiresAt: Date().addingTimeInterval(60))
        let later = try await store.revokedTokens(at: Date().addingTimeInterval(300))
        #expect(later == ["a1"])  // a second revocation never shortens the first
    }

    @Test("a token revoked through one worker's pipeline is refused by another's within the refresh interval")
    func revocationAcrossWorkers() async throws {
        let (store, cleanup) = try await DatabaseEngine.sqlite.openStore()
        defer { cleanup() }
        let dir = NSTemporaryDirectory() + "apidb-identity-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let usersFile = UsersFile(path: dir + "/users.json")
        _ = try IdentityHarness.populate(usersFile)
        let keys = try TokenKeyFile(path: dir + "/token.key").loadOrCreate()
        var settings = IdentityService.Settings()
        settings.passwordHashRounds = IdentityHarness.rounds
        settings.failedAuthDelay = 0
        func worker() -> APIPipeline {
            let service = IdentityService(
                settings: settings, usersFile: usersFile, keys: keys,
                revocations: DatabaseTokenRevocations(store: store),
                logSink: CollectingLogSink())
            return APIPipeline(
                router: sampleRouter(), authenticator: IdentityAuthenticator(service: service),
                logSink: CollectingLogSink(), mounts: [("/identity", IdentityAPI(service: service))])
        }
        let (a, b) = (worker(), worker())
        func send(_ p: APIPipeline, _ method: String, token: String?, subject: String? = nil, body: String = "")
            async -> HTTPResponse
        {
            var h = HTTPHeaders([("Host", "127.0.0.1:8774")])
            if let token { h.add("X-Auth-Token", token) }
            if let subject { h.add("X-Subject-Token", subject) }
            if !body.isEmpty { h.add("Content-Type", "application/json") }
            return await p.handle(
                HTTPRequest(
                    method: method, target: "/identity/v3/auth/tokens", headers: h, body: Array(body.utf8),
                    remoteAddress: "127.0.0.1:40000"))
        }
        let issued = await send(
            a, "POST", token: nil,
            body: IdentityHarness.passwordBody("demo", IdentityHarness.demoPassword, project: "demo"))
        let token = try #require(issued.headers["X-Subject-Token"])
        #expect(await send(b, "GET", token: token, subject: token).status == 200)
        #expect(await send(a, "DELETE", token: token, subject: token).status == 204)
        #expect(await send(a, "GET", token: token, subject: token).status == 401)
        let deadline = ContinuousClock.now + .seconds(30)
        var status = 0
        while ContinuousClock.now < deadline {
            status = Int(await send(b, "GET", token: token, subject: token).status)
            if status == 401 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(status == 401)
    }

    @Test("the image catalog lists the table's images and finds one by id (nil when unknown)")
    func imageCatalog() async throws {
        let (store, cleanup) = try await DatabaseEngine.sqlite.openStore()
        defer { cleanup() }
        for (id, name) in [
            ("11111111-1111-1111-1111-111111111111", "a"), ("22222222-2222-2222-2222-222222222222", "b"),
        ] {
            var i = Image()
            i.id = id
            i.name = name
            i.status = "active"
            i.properties = ["hw_disk_bus": "virtio"]
            _ = try await store.createImage(i)
        }
        let catalog = DatabaseImageCatalog(store: store)
        #expect(Set(try await catalog.allImages().compactMap(\.name)) == ["a", "b"])
        #expect(
            try await catalog.image(id: "22222222-2222-2222-2222-222222222222")?.properties["hw_disk_bus"] == "virtio")
        #expect(try await catalog.image(id: "33333333-3333-3333-3333-333333333333") == nil)
    }
}
