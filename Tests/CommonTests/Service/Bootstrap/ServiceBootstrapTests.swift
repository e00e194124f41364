import Foundation
import Testing

@testable import Common

@Suite struct ServiceBootstrapTests {
    private func prepare(_ args: [String], options: [OptDefinition] = NovaOptions.all)
        -> ServiceBootstrap.Preparation
    {
        ServiceBootstrap.prepare(program: "nova-test", arguments: args, options: options)
    }

    private func tempFile(_ text: String, name: String = "nova.conf", dir: String? = nil) throws -> String {
        let d = dir ?? NSTemporaryDirectory() + "/bootstrap-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        let path = d + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func helpListsEveryDeclaredOption() {
        guard case .exit(0, let out, "") = prepare(["--help"]) else { Issue.record("--help did not exit 0"); return }
        #expect(out.hasPrefix("usage: nova-test "))
        for flag in ["--config-file PATH", "--config-dir DIR", "--version"] { #expect(out.contains(flag)) }
        for def in NovaOptions.all {
            let name = def.group == "DEFAULT" ? def.name : "\(def.group).\(def.name)"
            #expect(out.contains("  --\(name)"), "--help lacks \(name)")
        }
        #expect(out.contains("fake options:"))
        guard case .exit(0, let short, _) = prepare(["-h"]) else { Issue.record("-h"); return }
        #expect(short == out)
    }

    @Test func versionPrintsTheRelease() {
        guard case .exit(0, let out, "") = prepare(["--version"]) else { Issue.record("--version"); return }
        #expect(out == NovaVersion.string + "\n")
    }

    @Test func aBadValueInAFileExitsTwoNamingFileSectionAndOption() throws {
        let path = try tempFile("[fake]\nspawn_delay = soon\n")
        guard case .exit(2, "", let err) = prepare(["--config-file", path]) else {
            Issue.record("bad value did not exit 2"); return
        }
        #expect(err == "nova-test: error: Invalid value for option spawn_delay in section [fake] of \(path): "
                + "expected a number, got 'soon' (floating point value)\n")
    }

    @Test func argumentMistakesExitTwo() throws {
        for args in [["--no-such-option=1"], ["stray"], ["--config-file"], ["--rpc_response_timeout=0"],
                     ["--config-file", "/nonexistent/nova.conf"]] {
            guard case .exit(2, "", let err) = prepare(args) else { Issue.record("\(args) did not exit 2"); continue }
            #expect(err.hasPrefix("nova-test: error: "), "\(args): \(err)")
        }
    }

    @Test func sourcesApplyInOrderDefaultsFilesDirThenCommandLine() throws {
        let first = try tempFile("[DEFAULT]\nreport_interval = 11\nservice_down_time = 61\nrpc_prefetch = 7\n"
                                 + "control_exchange = one\n")
        let second = try tempFile("[DEFAULT]\nreport_interval = 12\nservice_down_time = 62\nrpc_prefetch = 8\n")
        let dir = NSTemporaryDirectory() + "/bootstrap-dir-\(UUID().uuidString)"
        _ = try tempFile("[DEFAULT]\nservice_down_time = 63\nrpc_prefetch = 9\n", name: "20-b.conf", dir: dir)
        _ = try tempFile("[DEFAULT]\nservice_down_time = 99\nrpc_prefetch = 99\n", name: "10-a.conf", dir: dir)
        _ = try tempFile("[DEFAULT]\nrpc_prefetch = 1000\n", name: "30-c.conf.disabled", dir: dir)
        guard case .run(let conf) = prepare(["--config-file", first, "--config-file=\(second)", "--config-dir", dir,
                                             "--rpc-prefetch=10"]) else { Issue.record("did not run"); return }
        #expect(conf[CommonOptions.controlExchange] == "one")  // only the first file sets it
        #expect(conf[CommonOptions.reportInterval] == 12)  // the later file wins
        #expect(conf[CommonOptions.serviceDownTime] == 63)  // the dir's files come after, in name order
        #expect(conf[CommonOptions.rpcPrefetch] == 10)  // the command line wins over all
        #expect(conf[CommonOptions.rpcResponseTimeout] == 60)  // untouched: the declared default
    }

    @Test func everyDeclaredBooleanTakesTheBareAndNoForms() {
        guard case .run(let conf) = prepare(["--noperiodic_enable", "--use-stderr", "--debug"]) else {
            Issue.record("did not run"); return
        }
        #expect(conf[CommonOptions.periodicEnable] == false)
        #expect(conf[CommonOptions.useStderr] == true)
        #expect(conf[CommonOptions.debug] == true)
    }

    @Test func runExitsTwoWhenBuildingTheServicesFindsBadConfig() async {
        let (events, _) = AsyncStream<LifecycleEvent>.makeStream()
        let code = await ServiceBootstrap.run(program: "nova-test", conf: Config(definitions: NovaOptions.all),
                                              events: events, notifier: .disabled) { _ in
            throw ConfigError.missingRequired(section: "database", option: "connection")
        }
        #expect(code == 2)
    }

    @Test func runExitsOneWhenAServiceCannotBeBuiltOrFails() async {
        let (events, _) = AsyncStream<LifecycleEvent>.makeStream()
        let conf = Config(definitions: NovaOptions.all)
        #expect(await ServiceBootstrap.run(program: "nova-test", conf: conf, events: events, notifier: .disabled) { _ in
            throw Boom()
        } == 1)
        #expect(await ServiceBootstrap.run(program: "nova-test", conf: conf, events: events, notifier: .disabled) { _ in
            [ProbeService("ok"), ProbeService("broken", .fail)]
        } == 1)
    }

    @Test func runExitsZeroAfterAShutdownAndLogsTheStart() async throws {
        let (events, input) = AsyncStream<LifecycleEvent>.makeStream()
        let service = ProbeService("svc")
        let (code, capture) = await LogCapture.during {
            let t = Task {
                await ServiceBootstrap.run(program: "nova-test", conf: Config(definitions: NovaOptions.all),
                                           events: events, notifier: .disabled) { _ in [service] }
            }
            try? await service.started.wait()
            input.yield(.shutdown(reason: "SIGINT"))
            return await t.value
        }
        #expect(code == 0)
        let start = "INFO nova.service [-] Starting nova-test (version \(NovaVersion.string))"
        #expect(capture.lines.first?.hasSuffix(start) == true)
        #expect(capture.lines.last?.hasSuffix("INFO nova.service [-] nova-test stopped (SIGINT)") == true)
    }
}
