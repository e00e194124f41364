import Common
import Foundation
import Testing

@testable import NovaAPI

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct APIServiceTests {
    func config(_ overrides: [String: ConfigValue]) -> Config {
        Config(definitions: NovaOptions.all, overrides: overrides)
    }

    @Test func optionsHaveNovasDefaults() {
        let c = HTTPServerConfiguration(config: config([:]))
        #expect(c.host == "0.0.0.0")
        #expect(c.port == 8774)
        #expect(c.limits.maxBodySize == 114_688)
        #expect(c.limits.maxHeaderLineLength == 16_384)
        #expect(c.idleTimeout == .seconds(900))
        #expect(c.keepAlive)
        #expect(c.maxConnections == 1000)
        #expect(c.shutdownTimeout == .seconds(60))
    }

    @Test func optionsShapeTheServer() {
        let c = HTTPServerConfiguration(
            config: config([
                "osapi_compute_listen": .string("127.0.0.1"), "osapi_compute_listen_port": .int(0),
                "api.max_request_body_size": .int(10), "wsgi.client_socket_timeout": .int(0),
                "wsgi.header_timeout": .int(5), "wsgi.keep_alive": .bool(false), "graceful_shutdown_timeout": .int(0),
            ]))
        #expect(c.host == "127.0.0.1")
        #expect(c.limits.maxBodySize == 10)
        #expect(c.idleTimeout == nil)
        #expect(c.headerTimeout == .seconds(5))
        #expect(!c.keepAlive)
        #expect(c.shutdownTimeout == nil)
    }

    @Test func workersDefaultToTheCPUCountAndFollowTheOption() {
        #expect(APIService.workerCount(config: config([:])) == ProcessInfo.processInfo.activeProcessorCount)
        #expect(APIService.workerCount(config: config(["osapi_compute_workers": .int(3)])) == 3)
    }

    @Test func theOldSpellingsOfTheOptionsAreRead() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("api-\(UUID()).conf").path
        try "[DEFAULT]\nclient_socket_timeout = 7\n[api]\nworkers = 2\n[oslo_middleware]\nmax_request_body_size = 99\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let c = try Config(definitions: NovaOptions.all, files: [path], configDir: nil, cli: [])
        #expect(c[APIServerOptions.clientSocketTimeout] == 7)
        #expect(c[APIServerOptions.workers] == 2)
        #expect(c[APIServerOptions.maxRequestBodySize] == 99)
    }

    @Test func theServiceServesItsHandlerUntilCancelled() async throws {
        let conf = config(["osapi_compute_listen": .string("127.0.0.1"), "osapi_compute_listen_port": .int(0)])
        let service = APIService(config: conf, handler: TestHandler())
        let port = try service.start()
        let running = Task { try await service.run() }
        let client = try await TestHTTPClient.connect(port: port)
        let response = try await client.request("POST", "/echo", body: "hello")
        #expect(response.text == "hello")
        running.cancel()
        try await running.value
        #expect(await eventually { (try? await TestHTTPClient.connect(port: port)) == nil })
    }

    @Test func workersAreRestartedWhenTheyDieAndReapedOnStop() async throws {
        let workers = APIWorkerProcesses(
            count: 2, executable: "/bin/sleep", arguments: ["sleep", "60"], restartDelay: .milliseconds(50))
        workers.start()
        #expect(await eventually { workers.processIDs.count == 2 })
        let first = try #require(workers.processIDs[1])
        kill(first, SIGKILL)
        #expect(await eventually { workers.processIDs[1].map { $0 != first } == true })
        let all = Array(workers.processIDs.values)
        await workers.stop(timeout: .seconds(10))
        #expect(workers.processIDs.isEmpty)
        for pid in all { #expect(kill(pid, 0) == -1) }
    }

    @Test func cancellingTheWorkersRunStopsThem() async throws {
        let workers = APIWorkerProcesses(count: 1, executable: "/bin/sleep", arguments: ["sleep", "60"])
        let running = Task { try await workers.run() }
        #expect(await eventually { workers.processIDs.count == 1 })
        let pid = try #require(workers.processIDs[1])
        running.cancel()
        try await running.value
        #expect(kill(pid, 0) == -1)
    }
}
