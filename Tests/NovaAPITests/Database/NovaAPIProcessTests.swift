import Common
import Foundation
import NovaDB
import NovaIdentity
import NovaTestSupport
import Testing

@testable import NovaAPI

#if canImport(Glibc)
    import Glibc
#endif

/// The built `nova-api` binary on a SQLite database synced by the migrator (as `nova-manage db sync`
/// leaves it), over real HTTP on a loopback port. No message bus runs: reads never need one.
@Suite("nova-api process on SQLite", .serialized)
struct NovaAPIProcessTests {
    /// A temporary directory with a synced, seeded database and a config file for nova-api.
    struct Setup {
        let dir: String
        let config: String
        let port: Int

        init(
            workers: Int = 1, synced: Bool = true, extra: String = "",
            transportURL: String = "rabbit://guest:guest@127.0.0.1:1/"
        ) async throws {
            dir = NSTemporaryDirectory() + "nova-api-proc-\(UUID().uuidString.prefix(8))"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let db = try await Database.open("sqlite:///\(dir)/nova.sqlite", poolSize: 1)
            if synced {
                try await SchemaMigrator(database: db).sync()
                let store = NovaStore(database: db)
                _ = try await store.createFlavor(ControllerHarness.flavor("1", "m1.tiny", ram: 512, disk: 1, vcpus: 1))
                _ = try await store.createFlavor(
                    ControllerHarness.flavor("2", "m1.small", ram: 2048, disk: 20, vcpus: 1))
                var image = Image()
                image.id = ControllerHarness.imageID
                image.name = "cirros"
                image.status = "active"
                _ = try await store.createImage(image)
            }
            db.close()
            port = NovaAPIChild.freePort()
            config = dir + "/nova.conf"
            let text = """
                [DEFAULT]
                osapi_compute_listen = 127.0.0.1
                osapi_compute_listen_port = \(port)
                osapi_compute_workers = \(workers)
                transport_url = \(transportURL)
                graceful_shutdown_timeout = 20
                use_stderr = true
                state_path = \(dir)

                [database]
                connection = sqlite:///\(dir)/nova.sqlite

                \(extra)
                """
            try text.write(toFile: config, atomically: true, encoding: .utf8)
        }

        func remove() { try? FileManager.default.removeItem(atPath: dir) }
        var base: String { "http://127.0.0.1:\(port)" }
    }

    @Test("READY=1 comes once the port listens; /v2.1 and /v2.1/flavors answer from the database; SIGTERM exits 0")
    func servesFromTheDatabase() async throws {
        let setup = try await Setup()
        defer { setup.remove() }
        let api = try NovaAPIChild(configFile: setup.config)
        let ready = await api.notify.wait(for: "READY=1")
        try #require(ready != nil, "no READY=1; output:\n\(api.output)")
        let root = await NovaAPIChild.get(setup.base + "/v2.1")
        #expect(root.status == 200, "\(api.output)")
        #expect(try JSONValue.parse(root.body)["version"]?["id"] == "v2.1")
        let flavors = await NovaAPIChild.get(setup.base + "/v2.1/flavors", token: "demo:demo")
        #expect(flavors.status == 200, "\(api.output)")
        let names = try JSONValue.parse(flavors.body)["flavors"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(names == ["m1.tiny", "m1.small"])
        let servers = await NovaAPIChild.get(setup.base + "/v2.1/servers/detail", token: "demo:demo")
        #expect(servers.status == 200)
        #expect(try JSONValue.parse(servers.body)["servers"] == [])
        let noToken = await NovaAPIChild.get(setup.base + "/v2.1/flavors")
        #expect(noToken.status == 401)
        api.signal(SIGTERM)
        #expect(await api.exitStatus() == 0, "\(api.output)")
        #expect(api.output.contains("osapi_compute listening on 127.0.0.1:\(setup.port)"))
    }

    @Test("with osapi_compute_workers = 2 a worker process shares the port; SIGTERM stops and reaps it")
    func workers() async throws {
        let setup = try await Setup(workers: 2)
        defer { setup.remove() }
        let api = try NovaAPIChild(configFile: setup.config)
        try #require(await api.notify.wait(for: "READY=1") != nil, "no READY=1; output:\n\(api.output)")
        let deadline = ContinuousClock.now + .seconds(60)
        while api.childPIDs.isEmpty && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        let children = api.childPIDs
        #expect(children.count == 1)
        for _ in 0..<6 {
            #expect(await NovaAPIChild.get(setup.base + "/v2.1/flavors", token: "demo:demo").status == 200)
        }
        api.signal(SIGTERM)
        #expect(await api.exitStatus() == 0, "\(api.output)")
        for pid in children { #expect(kill(pid, 0) != 0) }
    }

    @Test("under auth_strategy = identity: sign in, use the token on /v2.1 and /image, revoke it")
    func identity() async throws {
        let setup = try await Setup(extra: "[api]\nauth_strategy = identity\n\n[identity]\nfailed_auth_delay = 0\n")
        defer { setup.remove() }
        _ = try IdentityHarness.populate(UsersFile(path: setup.dir + "/identity_users.json"))
        let api = try NovaAPIChild(configFile: setup.config)
        try #require(await api.notify.wait(for: "READY=1") != nil, "no READY=1; output:\n\(api.output)")
        #expect(await NovaAPIChild.get(setup.base + "/v2.1/flavors", token: "demo:demo").status == 401)
        let body = IdentityHarness.passwordBody("demo", IdentityHarness.demoPassword, project: "demo")
        let issued = await NovaAPIChild.request("POST", setup.base + "/identity/v3/auth/tokens", body: body)
        #expect(issued.status == 201, "\(issued.body)\n\(api.output)")
        let token = try #require(issued.headers["x-subject-token"])
        #expect(await NovaAPIChild.get(setup.base + "/v2.1/flavors", token: token).status == 200)
        let images = await NovaAPIChild.get(setup.base + "/image/v2/images", token: token)
        #expect(try JSONValue.parse(images.body)["images"]?.arrayValue?.first?["name"] == "cirros")
        let revoke = await NovaAPIChild.request(
            "DELETE", setup.base + "/identity/v3/auth/tokens",
            headers: ["X-Auth-Token": token, "X-Subject-Token": token])
        #expect(revoke.status == 204)
        #expect(await NovaAPIChild.get(setup.base + "/v2.1/flavors", token: token).status == 401)
        api.signal(SIGTERM)
        #expect(await api.exitStatus() == 0, "\(api.output)")
    }

    @Test(
        "a create is written to the database and cast to the conductor over RabbitMQ; a never-scheduled delete is local"
    )
    func createCastsToTheConductor() async throws {
        let vhost = try await TestBroker.newVhost("apidb")
        let url = TestBroker.url(vhost: vhost)
        let bus = try TransportFactory.make(url: url)
        let received = Received()
        let listener = bus.listen(.server(exchange: "nova", topic: ComputeTaskAPI.topic, server: "test"), prefetch: 10)
        {
            received.add(String(decoding: $0.body, as: UTF8.self))
            $0.ack()
        }
        try await listener.waitReady(until: .now + .seconds(30))
        let setup = try await Setup(transportURL: url)
        defer { setup.remove() }
        let api = try NovaAPIChild(configFile: setup.config)
        try #require(await api.notify.wait(for: "READY=1") != nil, "no READY=1; output:\n\(api.output)")
        let body = ServersWriteTests.createBody().serialized()
        let created = await NovaAPIChild.request(
            "POST", setup.base + "/v2.1/servers",
            headers: ["X-Auth-Token": "demo:demo", "OpenStack-API-Version": "compute 2.37"], body: body)
        #expect(created.status == 202, "\(created.body)\n\(api.output)")
        let id = try #require(try JSONValue.parse(created.body)["server"]?["id"]?.stringValue)
        let deadline = ContinuousClock.now + .seconds(30)
        while !received.all.contains(where: { $0.contains(id) }) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let cast = received.all.first { $0.contains(id) }
        #expect(cast?.contains("schedule_and_build_instances") == true)
        let shown = await NovaAPIChild.get(setup.base + "/v2.1/servers/\(id)", token: "demo:demo")
        #expect(try JSONValue.parse(shown.body)["server"]?["status"] == "BUILD")
        let deleted = await NovaAPIChild.request(
            "DELETE", setup.base + "/v2.1/servers/\(id)", headers: ["X-Auth-Token": "demo:demo"])
        #expect(deleted.status == 204)
        #expect(await NovaAPIChild.get(setup.base + "/v2.1/servers/\(id)", token: "demo:demo").status == 404)
        api.signal(SIGTERM)
        #expect(await api.exitStatus() == 0, "\(api.output)")
        await listener.close()
        await bus.shutdown()
        await TestBroker.removeVhost(vhost)
    }

    /// Message bodies a test listener got.
    final class Received: @unchecked Sendable {
        // @unchecked: `bodies` is only touched under `lock`.
        private let lock = NSLock()
        private var bodies: [String] = []
        func add(_ body: String) { lock.withLock { bodies.append(body) } }
        var all: [String] { lock.withLock { bodies } }
    }

    @Test("a database that was never synced stops nova-api at start with status 1, saying what to run")
    func unsyncedDatabase() async throws {
        let setup = try await Setup(synced: false)
        defer { setup.remove() }
        let api = try NovaAPIChild(configFile: setup.config)
        #expect(await api.exitStatus() == 1)
        #expect(api.output.contains("run 'nova-manage db sync'"), "\(api.output)")
    }
}
