import Foundation
import NovaTestSupport
import Testing

@testable import Common

@Suite struct ServiceGroupReloadTests {
    private func tempConf(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "/reload-\(UUID().uuidString).conf"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func sighupAppliesMutableOptionsLogsEveryChangeAndTellsTheServices() async throws {
        let path = try tempConf("[DEFAULT]\nreport_interval = 10\n[fake]\nspawn_delay = 0\n")
        defer { unlink(path) }
        let conf = try Config(definitions: NovaOptions.all, files: [path], configDir: nil, cli: [])
        let sock = NotifySocket()
        let service = ProbeService("compute")
        let (_, capture) = try await LogCapture.during {
            let h = GroupHarness([service], conf: conf,
                                 notifier: SystemdNotifier(environment: ["NOTIFY_SOCKET": sock.address]))
            #expect(await sock.receive()?.hasPrefix("READY=1") == true)
            let edited = "[DEFAULT]\nreport_interval = 20\nnew_typo = 1\n[fake]\nspawn_delay = 2.5\n"
            try edited.write(toFile: path, atomically: true, encoding: .utf8)
            h.events.yield(.reload)
            let changes = try await service.reloads.wait()
            #expect(changes.map(\.key) == [FakeDriverOptions.spawnDelay.definition.key])
            #expect(changes.first?.new == .float(2.5))
            let reload = await sock.receive(until: "READY=1")
            #expect(reload?.first?.hasPrefix("RELOADING=1\nMONOTONIC_USEC=") == true)
            h.events.yield(.shutdown(reason: "SIGTERM"))
            #expect(await h.outcome.value.exitCode == 0)
        }
        #expect(conf[FakeDriverOptions.spawnDelay] == 2.5)
        #expect(conf[CommonOptions.reportInterval] == 10)
        let lines = capture.lines
        #expect(lines.contains {
            $0.hasSuffix("INFO oslo_service.service [-] Option fake.spawn_delay changed from [0.0] to [2.5]")
        })
        #expect(lines.contains { $0.contains("WARNING oslo_service.service [-] Ignoring change to immutable option "
                                              + "DEFAULT.report_interval ([10] to [20])") })
        #expect(lines.contains {
            $0.contains("WARNING oslo_service.service [-] Unknown option new_typo in section [DEFAULT]")
        })
    }

    @Test func aBrokenFileOnReloadKeepsTheRunningConfig() async throws {
        let path = try tempConf("[fake]\nspawn_delay = 1\n")
        defer { unlink(path) }
        let conf = try Config(definitions: NovaOptions.all, files: [path], configDir: nil, cli: [])
        let sock = NotifySocket()
        let (_, capture) = try await LogCapture.during {
            let h = GroupHarness([ProbeService("compute")], conf: conf,
                                 notifier: SystemdNotifier(environment: ["NOTIFY_SOCKET": sock.address]))
            #expect(await sock.receive()?.hasPrefix("READY=1") == true)
            try "[fake]\nspawn_delay = soon\n".write(toFile: path, atomically: true, encoding: .utf8)
            h.events.yield(.reload)
            let reload = await sock.receive(until: "READY=1")
            #expect(reload?.count == 2)
            h.events.yield(.shutdown(reason: "SIGTERM"))
            #expect(await h.outcome.value.exitCode == 0)
        }
        #expect(conf[FakeDriverOptions.spawnDelay] == 1)
        #expect(capture.lines.contains {
            $0.contains("ERROR oslo_service.service [-] Reload failed, keeping the running configuration: Invalid "
                        + "value for option spawn_delay in section [fake] of \(path)")
        })
    }

    @Test func reloadWithNothingChangedDoesNotBotherTheServices() async throws {
        let path = try tempConf("[fake]\nspawn_delay = 1\n")
        defer { unlink(path) }
        let conf = try Config(definitions: NovaOptions.all, files: [path], configDir: nil, cli: [])
        let sock = NotifySocket()
        let service = ProbeService("compute")
        let (_, capture) = await LogCapture.during {
            let h = GroupHarness([service], conf: conf,
                                 notifier: SystemdNotifier(environment: ["NOTIFY_SOCKET": sock.address]))
            _ = await sock.receive()
            h.events.yield(.reload)
            _ = await sock.receive(until: "READY=1")
            h.events.yield(.shutdown(reason: "SIGTERM"))
            _ = await h.outcome.value
        }
        #expect(!service.reloads.isDone)
        #expect(capture.lines.contains { $0.hasSuffix("Configuration unchanged") })
    }
}
