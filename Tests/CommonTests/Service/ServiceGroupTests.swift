import Foundation
import NovaTestSupport
import Testing

@testable import Common

@Suite struct ServiceGroupTests {
    @Test func aShutdownSignalStopsEveryServiceAndExitsZero() async throws {
        let sock = NotifySocket()
        let a = ProbeService("rpc-server")
        let b = ProbeService("periodic")
        let h = GroupHarness([a, b], notifier: SystemdNotifier(environment: ["NOTIFY_SOCKET": sock.address]))
        #expect(await sock.receive() == "READY=1\nSTATUS=Running nova-test \(NovaVersion.string)")
        try await a.started.wait()
        try await b.started.wait()
        h.events.yield(.shutdown(reason: "SIGTERM"))
        let outcome = await h.outcome.value
        #expect(outcome == .stopped(reason: "SIGTERM", lingering: []))
        #expect(outcome.exitCode == 0)
        #expect(a.stopped.isDone && b.stopped.isDone)
        #expect(await sock.receive() == "STOPPING=1\nSTATUS=Stopping: SIGTERM")
    }

    @Test func oneFailingServiceStopsTheOthersWithANonZeroExit() async throws {
        let sock = NotifySocket()
        let healthy = ProbeService("healthy")
        let h = GroupHarness([healthy, ProbeService("broken", .fail)],
                             notifier: SystemdNotifier(environment: ["NOTIFY_SOCKET": sock.address]))
        let outcome = await h.outcome.value
        #expect(outcome == .failed(service: "broken", error: "boom"))
        #expect(outcome.exitCode == 1)
        #expect(healthy.stopped.isDone)
        #expect(await sock.receive(until: "STOPPING=1")?.last == "STOPPING=1\nSTATUS=Stopping: broken failed")
    }

    @Test func aServiceThatReturnsStopsTheOthers() async throws {
        let other = ProbeService("other")
        let h = GroupHarness([other, ProbeService("one-shot", .finish)])
        let outcome = await h.outcome.value
        #expect(outcome == .finished(service: "one-shot"))
        #expect(outcome.exitCode == 0)
        #expect(other.stopped.isDone)
    }

    @Test func theGracefulWaitIsBoundedByGracefulShutdownTimeout() async throws {
        let release = Promise<Void>()
        let stubborn = ProbeService("stubborn", .stubborn(release: release))
        let conf = Config(definitions: NovaOptions.all, overrides: ["graceful_shutdown_timeout": .int(1)])
        let h = GroupHarness([ProbeService("polite"), stubborn], conf: conf)
        try await stubborn.started.wait()
        h.events.yield(.shutdown(reason: "SIGTERM"))
        let outcome = await h.outcome.value
        #expect(outcome == .stopped(reason: "SIGTERM", lingering: ["stubborn"]))
        #expect(outcome.exitCode == 0)
        #expect(!stubborn.stopped.isDone)
        release.succeed(())
        try await stubborn.stopped.wait()
    }

    @Test func aSecondSignalStopsWaitingEvenWithAnEndlessTimeout() async throws {
        let release = Promise<Void>()
        let stubborn = ProbeService("stubborn", .stubborn(release: release))
        let conf = Config(definitions: NovaOptions.all, overrides: ["graceful_shutdown_timeout": .int(0)])
        let h = GroupHarness([stubborn], conf: conf)
        try await stubborn.started.wait()
        h.events.yield(.shutdown(reason: "SIGTERM"))
        h.events.yield(.shutdown(reason: "SIGINT"))
        #expect(await h.outcome.value == .stopped(reason: "SIGTERM", lingering: ["stubborn"]))
        release.succeed(())
    }

    @Test func readyWaitsForServicesThatReportReadiness() async throws {
        let sock = NotifySocket()
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": sock.address])
        var late = ProbeService("api")
        late.reportsReadiness = true
        late.probe = notifier
        let h = GroupHarness([ProbeService("plain"), late], notifier: notifier)
        // The service's own datagram goes out before it marks itself ready, so it must come first.
        #expect(await sock.receive() == "PROBE=api")
        #expect(await sock.receive()?.hasPrefix("READY=1") == true)
        h.events.yield(.shutdown(reason: "SIGTERM"))
        _ = await h.outcome.value
    }

    @Test func noServicesMeansNothingToRun() async {
        let h = GroupHarness([])
        #expect(await h.outcome.value == .finished(service: "none"))
    }
}
