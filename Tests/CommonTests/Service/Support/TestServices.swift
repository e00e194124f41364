import Foundation
import Testing

@testable import Common

struct Boom: Error, CustomStringConvertible {
    var description: String { "boom" }
}

/// Waits out the promise in a task of its own, so cancelling the caller does not end the wait.
func waitIgnoringCancellation(_ p: Promise<Void>) async {
    await Task { try? await p.wait() }.value
}

/// Sleeps until its task is cancelled, the way a server's run() waits for its stop request.
func sleepUntilCancelled() async {
    while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
}

/// A service whose behaviour the test picks, recording what happened to it.
struct ProbeService: LifecycleService {
    enum Behaviour: Sendable {
        /// Runs until cancelled.
        case serve
        /// Throws `Boom` at once.
        case fail
        /// Returns at once.
        case finish
        /// Ignores cancellation until `release` completes.
        case stubborn(release: Promise<Void>)
    }

    let serviceName: String
    let behaviour: Behaviour
    var reportsReadiness = false
    /// With `reportsReadiness`, sent to this notifier just before `markReady()`.
    var probe: SystemdNotifier?
    let started = Promise<Void>()
    let stopped = Promise<Void>()
    let reloads = Promise<[Config.Change]>()

    init(_ name: String, _ behaviour: Behaviour = .serve) {
        serviceName = name
        self.behaviour = behaviour
    }

    func run() async throws {
        started.succeed(())
        defer { stopped.succeed(()) }
        if reportsReadiness {
            probe?.notify("PROBE=\(serviceName)")
            ServiceReadiness.markReady()
        }
        switch behaviour {
        case .serve: await sleepUntilCancelled()
        case .fail: throw Boom()
        case .finish: return
        case .stubborn(let release): await waitIgnoringCancellation(release)
        }
    }

    func configReloaded(_ changes: [Config.Change]) async { reloads.succeed(changes) }
}

/// A group under test with its event input, run in a task of its own.
struct GroupHarness {
    let group: ServiceGroup
    let events: AsyncStream<LifecycleEvent>.Continuation
    let outcome: Task<ServiceGroupOutcome, Never>

    init(_ services: [any LifecycleService], conf: Config = Config(definitions: NovaOptions.all),
         notifier: SystemdNotifier = .disabled) {
        group = ServiceGroup(program: "nova-test", services: services, conf: conf, notifier: notifier)
        let (stream, input) = AsyncStream<LifecycleEvent>.makeStream()
        events = input
        let g = group
        outcome = Task { await g.run(events: stream) }
    }
}
