/// Runs a process's services together (swift-service-lifecycle's ServiceGroup, oslo.service's launcher):
/// `READY=1` once all are ready, SIGHUP → reload of the mutable options, SIGTERM/SIGINT → graceful stop bounded
/// by `[DEFAULT] graceful_shutdown_timeout`; when one service fails or returns, the others are stopped.
public final class ServiceGroup: Sendable {
    public let program: String
    public let services: [any LifecycleService]
    public let conf: Config
    public let notifier: SystemdNotifier
    static let log = Logger("oslo_service.service")

    public init(program: String, services: [any LifecycleService], conf: Config,
                notifier: SystemdNotifier = SystemdNotifier()) {
        self.program = program
        self.services = services
        self.conf = conf
        self.notifier = notifier
    }

    /// What the services' tasks, the readiness hook, the outside world and the stop timer report.
    enum Report: Sendable {
        case external(LifecycleEvent)
        case ready(Int)
        case returned(Int)
        case failed(Int, any Error)
        case deadline
    }

    /// Where the group stands while it runs; only `run()`'s loop touches it.
    struct RunState {
        var running: Set<Int>
        var awaitingReady: Set<Int>
        var announcedReady = false
        var outcome: ServiceGroupOutcome?
        var stopping = false
    }

    /// Runs until the services are stopped or one of them ends; never throws, the outcome says why it ended.
    public func run(events: AsyncStream<LifecycleEvent>) async -> ServiceGroupOutcome {
        let (reports, input) = AsyncStream<Report>.makeStream()
        let tasks = startServices(input)
        let pump = Task { for await e in events { input.yield(.external(e)) } }
        let watchdog = startWatchdog()
        var timer: Task<Void, Never>?
        defer {
            pump.cancel()
            watchdog?.cancel()
            timer?.cancel()
            input.finish()
        }
        var state = RunState(running: Set(services.indices),
                             awaitingReady: Set(services.indices.filter { services[$0].reportsReadiness }))
        announceReadyIfDue(&state)
        if services.isEmpty { return .finished(service: "none") }
        for await report in reports {
            switch report {
            case .ready(let i):
                state.awaitingReady.remove(i)
                announceReadyIfDue(&state)
            case .external(.reload):
                if !state.stopping { await reload() }
            case .external(.shutdown(let reason)):
                if state.stopping {
                    Self.log.warning("\(reason) again while stopping: exiting without waiting for "
                                     + names(state.running).joined(separator: ", "))
                    return state.ending(lingering: names(state.running))
                }
                Self.log.info("Caught \(reason), stopping \(program)")
                state.outcome = .stopped(reason: reason, lingering: [])
                timer = beginStop(&state, tasks: tasks, reason: reason, input: input)
            case .returned(let i), .failed(let i, _):
                state.running.remove(i)
                serviceEnded(report, index: i, state: &state)
                if !state.stopping {
                    timer = beginStop(&state, tasks: tasks, reason: state.outcomeReason, input: input)
                }
                if state.running.isEmpty { return state.outcome ?? .finished(service: services[i].serviceName) }
            case .deadline:
                let lingering = names(state.running)
                Self.log.warning("Services still running after graceful_shutdown_timeout: "
                                 + lingering.joined(separator: ", ") + "; exiting anyway")
                return state.ending(lingering: lingering)
            }
        }
        return state.ending(lingering: names(state.running))
    }

    private func startServices(_ input: AsyncStream<Report>.Continuation) -> [Task<Void, Never>] {
        services.enumerated().map { i, service in
            let markReady = ServiceReadiness.Hook { input.yield(.ready(i)) }
            return Task {
                await ServiceReadiness.$current.withValue(markReady) {
                    do {
                        try await service.run()
                        input.yield(.returned(i))
                    } catch {
                        input.yield(.failed(i, error))
                    }
                }
            }
        }
    }

    /// Logs how a service ended and, while the group is still running, records it as the group's outcome.
    private func serviceEnded(_ report: Report, index i: Int, state: inout RunState) {
        let name = services[i].serviceName
        switch (report, state.stopping) {
        case (.failed(_, let error), false):
            Self.log.error("Service \(name) failed: \(error); stopping the others")
            state.outcome = .failed(service: name, error: String(describing: error))
        case (.failed(_, let error), true) where !(error is CancellationError):
            Self.log.error("Service \(name) failed while stopping: \(error)")
        case (.returned, false):
            Self.log.warning("Service \(name) returned; stopping the others")
            state.outcome = .finished(service: name)
        default:
            Self.log.debug("Service \(name) stopped")
        }
    }

    /// Cancels every service (their graceful-stop request) and arms the bounded wait.
    private func beginStop(_ state: inout RunState, tasks: [Task<Void, Never>], reason: String,
                           input: AsyncStream<Report>.Continuation) -> Task<Void, Never>? {
        state.stopping = true
        notifier.stopping(status: "Stopping: \(reason)")
        for t in tasks { t.cancel() }
        let seconds = conf[CommonOptions.gracefulShutdownTimeout]
        guard seconds > 0 else { return nil }
        return Task {
            do { try await Task.sleep(for: .seconds(seconds)) } catch { return }
            input.yield(.deadline)
        }
    }

    private func announceReadyIfDue(_ state: inout RunState) {
        guard !state.announcedReady, state.awaitingReady.isEmpty, !state.stopping else { return }
        state.announcedReady = true
        Self.log.info("\(program) ready: " + services.map(\.serviceName).joined(separator: ", "))
        notifier.ready(status: "Running \(program) \(NovaVersion.string)")
    }

    /// Sends `WATCHDOG=1` on a fixed grid every half `WATCHDOG_USEC` until the group ends.
    private func startWatchdog() -> Task<Void, Never>? {
        guard let interval = notifier.watchdogInterval else { return nil }
        let n = notifier
        return Task {
            let clock = ContinuousClock()
            var next = clock.now
            while !Task.isCancelled {
                n.watchdog()
                next += interval
                do { try await clock.sleep(until: next) } catch { return }
            }
        }
    }

    private func names(_ indices: Set<Int>) -> [String] { indices.sorted().map { services[$0].serviceName } }
}

extension ServiceGroup.RunState {
    /// The outcome when the group stops waiting with `lingering` services still running.
    func ending(lingering: [String]) -> ServiceGroupOutcome {
        switch outcome {
        case .stopped(let reason, _)?: .stopped(reason: reason, lingering: lingering)
        case let other?: other
        case nil: .stopped(reason: "stop", lingering: lingering)
        }
    }

    /// The reason logged when a service's own end stops the group.
    var outcomeReason: String {
        switch outcome {
        case .failed(let s, _)?: "\(s) failed"
        case .finished(let s)?: "\(s) returned"
        case .stopped(let r, _)?: r
        case nil: "stop"
        }
    }
}
