import Foundation
import NovaTestSupport
import Testing

@testable import Common

/// The bootstrap as operators meet it: the real nova-compute binary, real signals, a real notify socket.
/// `fake://` has no conductor, so the service sits in init_host waiting for its first reply until stopped.
@Suite struct NovaComputeProcessTests {
    private func conf(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "/compute-\(UUID().uuidString).conf"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private let base = "[DEFAULT]\ntransport_url = fake://\nrpc_response_timeout = 600\n"
        + "graceful_shutdown_timeout = 30\n"

    @Test func versionAndHelpAnswerAndExitZero() async throws {
        let version = try ChildProcess("nova-compute", ["--version"])
        #expect(await version.exitStatus() == 0)
        #expect(version.stdout == NovaVersion.string + "\n")
        let help = try ChildProcess("nova-compute", ["--help"])
        #expect(await help.exitStatus() == 0)
        #expect(help.stdout.hasPrefix("usage: nova-compute "))
        #expect(help.stdout.contains("--fake.spawn_delay SPAWN_DELAY"))
    }

    @Test func aBadOptionValueExitsTwoWithTheMessage() async throws {
        let path = try conf("[DEFAULT]\nreport_interval = often\n")
        defer { unlink(path) }
        let child = try ChildProcess("nova-compute", ["--config-file", path])
        #expect(await child.exitStatus() == 2)
        #expect(child.stderr.contains("Invalid value for option report_interval in section [DEFAULT] of \(path): "
                                      + "expected an integer, got 'often'"))
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func aStopSignalAfterReadyExitsZero(_ sig: Int32) async throws {
        let path = try conf(base)
        defer { unlink(path) }
        let sock = NotifySocket(abstract: true)
        let child = try ChildProcess("nova-compute", ["--config-file", path],
                                     environment: ["NOTIFY_SOCKET": sock.address])
        let ready = await sock.receive()
        #expect(ready == "READY=1\nSTATUS=Running nova-compute \(NovaVersion.string)")
        child.signal(sig)
        let name = sig == SIGTERM ? "SIGTERM" : "SIGINT"
        #expect(await sock.receive() == "STOPPING=1\nSTATUS=Stopping: \(name)")
        #expect(await child.exitStatus() == 0)
        #expect(child.stderr.contains("INFO oslo_service.service [-] Caught \(name), stopping nova-compute"))
        #expect(child.stderr.contains("INFO nova.service [-] nova-compute stopped (\(name))"))
    }

    @Test func sighupReloadsMutableOptionsAndKeepsRunning() async throws {
        let path = try conf(base + "debug = false\nreport_interval = 10\n")
        defer { unlink(path) }
        let sock = NotifySocket()
        let child = try ChildProcess("nova-compute", ["--config-file", path],
                                     environment: ["NOTIFY_SOCKET": sock.address])
        #expect(await sock.receive()?.hasPrefix("READY=1") == true)
        try (base + "debug = true\nreport_interval = 20\n").write(toFile: path, atomically: true, encoding: .utf8)
        child.signal(SIGHUP)
        let reload = await sock.receive(until: "READY=1")
        #expect(reload?.count == 2)
        #expect(reload?.first?.hasPrefix("RELOADING=1\n") == true)
        child.signal(SIGTERM)
        #expect(await child.exitStatus() == 0)
        let log = child.stderr
        #expect(log.contains("Option DEFAULT.debug changed from [false] to [true]"))
        #expect(log.contains("Ignoring change to immutable option DEFAULT.report_interval ([10] to [20])"))
        // debug now applies: the stop logs its DEBUG line.
        #expect(log.contains("DEBUG oslo_service.service [-] Service nova-compute stopped"))
    }

    @Test func theWatchdogIsFedWhileRunning() async throws {
        let path = try conf(base)
        defer { unlink(path) }
        let sock = NotifySocket()
        let child = try ChildProcess("nova-compute", ["--config-file", path],
                                     environment: ["NOTIFY_SOCKET": sock.address, "WATCHDOG_USEC": "200000"])
        // With a 0.2 s watchdog the first ping may come before READY=1 (systemd accepts that).
        #expect(await sock.receive(until: "READY=1", within: 10)?.last?.hasPrefix("READY=1") == true)
        var pings = 0
        while pings < 3, let m = await sock.receive() { if m == "WATCHDOG=1" { pings += 1 } }
        #expect(pings == 3)
        child.signal(SIGTERM)
        #expect(await child.exitStatus() == 0)
    }

    @Test func aFailingServiceExitsNonZero() async throws {
        let path = try conf("[DEFAULT]\ntransport_url = fake://\nrpc_response_timeout = 1\n")
        defer { unlink(path) }
        let child = try ChildProcess("nova-compute", ["--config-file", path])
        #expect(await child.exitStatus() == 1)
        #expect(child.stderr.contains("CRITICAL nova.service [-] nova-compute stopped: nova-compute failed: "
                                      + "MessagingTimeout"))
    }
}
