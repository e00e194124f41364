import Common
import Foundation
import NovaIdentity

@testable import NovaAPI

/// A settable clock, so a test can move past a token's expiry without waiting.
final class TestClock: @unchecked Sendable {
    // @unchecked: `now` is only touched under `lock`.
    private let lock = NSLock()
    private var current = Date()
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// Records the brute-force delays asked for instead of sleeping them.
final class SleepRecorder: @unchecked Sendable {
    // @unchecked: `delays` is only touched under `lock`.
    private let lock = NSLock()
    private var recorded: [Double] = []
    var delays: [Double] { lock.withLock { recorded } }
    func record(_ seconds: Double) { lock.withLock { recorded.append(seconds) } }
}

/// A temporary state directory holding a users file (admin in project `admin`, demo in `demo`, carol in
/// `other`), and a pipeline with the identity authenticator and the `/identity` and `/image` mounts.
final class IdentityHarness: Sendable {
    static let adminPassword = "admin-secret"
    static let demoPassword = "demo-secret"
    static let carolPassword = "carol-secret"
    static let rounds = 1000  // the cheapest sha512-crypt: the tests check behaviour, not cost

    let dir: String
    let usersFile: UsersFile
    let service: IdentityService
    let pipeline: APIPipeline
    let logs = CollectingLogSink()
    let clock = TestClock()
    let sleeps = SleepRecorder()
    let revocations = MemoryTokenRevocations()
    let ids: [String: String]

    init(
        settings: IdentityService.Settings = IdentityService.Settings(),
        images: ([String: String]) -> [Image] = { _ in [] },
        failedAuthDelay: Double = 0
    ) throws {
        dir = NSTemporaryDirectory() + "identity-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        usersFile = UsersFile(path: dir + "/users.json")
        ids = try Self.populate(usersFile)
        // The users were written with the real time as their password-change time; tokens issued at
        // the test clock's start must come after it.
        clock.advance(1)
        var s = settings
        s.passwordHashRounds = Self.rounds
        s.failedAuthDelay = failedAuthDelay
        let keys = try TokenKeyFile(path: dir + "/token.key").loadOrCreate()
        let (clock, sleeps) = (self.clock, self.sleeps)
        service = IdentityService(
            settings: s, usersFile: usersFile, keys: keys, revocations: revocations, logSink: logs,
            clock: { clock.now }, sleep: { sleeps.record($0) })
        let auth = IdentityAuthenticator(service: service)
        pipeline = APIPipeline(
            router: sampleRouter(), authenticator: auth, logSink: logs,
            mounts: [
                ("/identity", IdentityAPI(service: service)),
                (
                    "/image",
                    ImageAPI(
                        catalog: MemoryImageCatalog(images(ids)), authenticator: auth, publicEndpoint: s.publicEndpoint,
                        logSink: logs)
                ),
            ])
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    /// Projects admin, demo, other; users admin (admin on admin), demo (member on demo), carol (member on other).
    /// The populated users file, made once per test process: each edit is fsync'd, and dozens of harnesses
    /// doing six edits each held the two cooperative threads in fsync under load. Copies are cheap.
    private static let template: Result<(text: String, ids: [String: String]), any Error> = Result {
        let path = NSTemporaryDirectory() + "identity-template-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ids = try populateByCommands(UsersFile(path: path))
        return (try String(contentsOfFile: path, encoding: .utf8), ids)
    }

    /// Writes the admin, demo and carol users (projects admin, demo, other) to `file`; returns their ids.
    static func populate(_ file: UsersFile) throws -> [String: String] {
        let t = try template.get()
        try t.text.write(toFile: file.path, atomically: true, encoding: .utf8)
        chmod(file.path, 0o600)
        return t.ids
    }

    static func populateByCommands(_ file: UsersFile) throws -> [String: String] {
        let admin = IdentityAdmin(file: file, rounds: rounds)
        var ids: [String: String] = [:]
        for p in ["admin", "demo", "other"] {
            ids["project:" + p] = try capture(admin, ["project-create", "--name", p])
        }
        let users = [
            ("admin", adminPassword, "admin", "admin"), ("demo", demoPassword, "demo", "member"),
            ("carol", carolPassword, "other", "member"),
        ]
        for (name, password, project, role) in users {
            ids["user:" + name] = try capture(
                admin, ["user-create", "--name", name, "--password", password, "--project", project, "--role", role])
        }
        return ids
    }

    struct CommandFailed: Error { let output: [String] }

    /// Runs an identity command and returns what it printed.
    static func capture(_ admin: IdentityAdmin, _ args: [String]) throws -> String {
        let lines = OutputLines()
        var a = admin
        a.out = { lines.add($0) }
        a.err = { lines.add("err: " + $0) }
        guard a.run(args) == 0 else { throw CommandFailed(output: lines.all) }
        return lines.all.joined(separator: "\n")
    }

    func send(
        _ method: String, _ target: String, token: String? = nil, headers: [(String, String)] = [],
        body: String? = nil, from address: String = "127.0.0.1:40000"
    ) async -> HTTPResponse {
        var h = HTTPHeaders([("Host", "127.0.0.1:8774")] + headers)
        if let token { h.add("X-Auth-Token", token) }
        if body != nil { h.add("Content-Type", "application/json") }
        return await pipeline.handle(
            HTTPRequest(
                method: method, target: target, headers: h, body: Array((body ?? "").utf8), remoteAddress: address))
    }

    /// `POST /identity/v3/auth/tokens` with a password, user and project by name in the Default domain.
    func passwordAuth(
        _ user: String, _ password: String, project: String?, from address: String = "127.0.0.1:40000",
        query: String = ""
    ) async -> HTTPResponse {
        await send(
            "POST", "/identity/v3/auth/tokens" + query, body: Self.passwordBody(user, password, project: project),
            from: address)
    }

    static func passwordBody(_ user: String, _ password: String, project: String?, scope: JSONValue? = nil) -> String {
        var auth: [String: JSONValue] = [
            "identity": [
                "methods": ["password"],
                "password": [
                    "user": ["name": .string(user), "domain": ["name": "Default"], "password": .string(password)]
                ],
            ]
        ]
        if let project { auth["scope"] = ["project": ["name": .string(project), "domain": ["name": "Default"]]] }
        if let scope { auth["scope"] = scope }
        return JSONValue.object(["auth": .object(auth)]).serialized()
    }

    /// A project-scoped token for a user (demo in demo, admin in admin, carol in other).
    func token(_ user: String) async throws -> String {
        let (password, project) =
            switch user {
            case "admin": (Self.adminPassword, "admin")
            case "demo": (Self.demoPassword, "demo")
            default: (Self.carolPassword, "other")
            }
        let response = await passwordAuth(user, password, project: project)
        guard response.status == 201, let token = response.headers["X-Subject-Token"] else {
            throw CommandFailed(output: [response.text])
        }
        return token
    }
}

final class OutputLines: @unchecked Sendable {
    // @unchecked: `lines` is only touched under `lock`.
    private let lock = NSLock()
    private var lines: [String] = []
    func add(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
