import Foundation
import NovaTestSupport
import Testing

@testable import Common

@Suite struct SystemdNotifierTests {
    @Test func readyReachesAFilesystemSocketWithItsStatus() async throws {
        let sock = NotifySocket()
        let n = SystemdNotifier(environment: ["NOTIFY_SOCKET": sock.address])
        #expect(n.ready(status: "Running nova-compute"))
        #expect(await sock.receive() == "READY=1\nSTATUS=Running nova-compute")
    }

    @Test func abstractSocketNamesStartWithAt() async throws {
        let sock = NotifySocket(abstract: true)
        #expect(sock.address.hasPrefix("@"))
        let n = SystemdNotifier(environment: ["NOTIFY_SOCKET": sock.address])
        #expect(try n.send("STOPPING=1"))
        #expect(await sock.receive() == "STOPPING=1")
    }

    @Test func everyStateLineHasSystemdsSpelling() async throws {
        let sock = NotifySocket()
        let n = SystemdNotifier(environment: ["NOTIFY_SOCKET": sock.address])
        n.watchdog()
        n.status("draining\n3 builds left")
        n.stopping()
        n.reloading()
        #expect(await sock.receive() == "WATCHDOG=1")
        #expect(await sock.receive() == "STATUS=draining 3 builds left")
        #expect(await sock.receive() == "STOPPING=1")
        let reload = try #require(await sock.receive())
        let lines = reload.split(separator: "\n")
        #expect(lines.first == "RELOADING=1")
        let usec = lines.first { $0.hasPrefix("MONOTONIC_USEC=") }.flatMap { Int64($0.dropFirst(15)) }
        #expect((usec ?? 0) > 0)
    }

    @Test func nothingIsSentWithoutNotifySocket() throws {
        let n = SystemdNotifier(environment: ["WATCHDOG_USEC": "1000000"])
        #expect(!n.isEnabled)
        #expect(n.watchdogInterval == nil)
        #expect(try n.send("READY=1") == false)
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": ""]).isEnabled == false)
    }

    @Test func watchdogIsDueAtHalfOfWatchdogUsecForThisProcessOnly() {
        let env = ["NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "30000000"]
        #expect(SystemdNotifier(environment: env).watchdogInterval == .seconds(15))
        #expect(SystemdNotifier(environment: env.merging(["WATCHDOG_PID": "4242"]) { $1 }, pid: 4242)
            .watchdogInterval == .seconds(15))
        #expect(SystemdNotifier(environment: env.merging(["WATCHDOG_PID": "4243"]) { $1 }, pid: 4242)
            .watchdogInterval == nil)
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "junk"]).watchdogInterval == nil)
    }

    @Test func aSocketNobodyListensOnIsAnErrorNotACrash() {
        let n = SystemdNotifier(environment: ["NOTIFY_SOCKET": NSTemporaryDirectory() + "/no-such-notify.sock"])
        #expect(throws: SystemdNotifyError.self) { try n.send("READY=1") }
        #expect(n.ready() == false)
        let tooLong = SystemdNotifier(environment: ["NOTIFY_SOCKET": "/" + String(repeating: "x", count: 200)])
        #expect(throws: SystemdNotifyError.self) { try tooLong.send("READY=1") }
    }
}
