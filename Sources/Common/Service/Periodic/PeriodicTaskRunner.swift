/// Runs periodic tasks as one service: each task on its own schedule, never two runs of one task at once,
/// runs on a fixed grid (start + k × spacing, so lateness does not accumulate; ticks a slow run covered are
/// skipped), a failure logged and the schedule kept, everything stopped by cancellation.
public struct PeriodicTaskRunner<C: Clock>: LifecycleService where C.Duration == Duration {
    public let tasks: [PeriodicTask]
    /// Waited once before any task runs (`periodic_fuzzy_delay` spreads a fleet's runs apart).
    public let initialDelay: Duration
    public let clock: C
    static var log: Logger { Logger("oslo_service.periodic_task") }

    public var serviceName: String { "periodic tasks" }

    public init(tasks: [PeriodicTask], initialDelay: Duration = .zero, clock: C) {
        self.tasks = tasks
        self.initialDelay = initialDelay
        self.clock = clock
    }

    /// Returns only when cancelled: a group treats a service that returns as finished.
    public func run() async throws {
        do { try await clock.sleep(until: clock.now.advanced(by: initialDelay), tolerance: nil) } catch { return }
        let start = clock.now
        await withTaskGroup(of: Void.self) { g in
            for t in tasks { g.addTask { await self.loop(t, start: start) } }
            await Self.untilCancelled()
            g.cancelAll()
        }
    }

    private func loop(_ task: PeriodicTask, start: C.Instant) async {
        var boundary = start
        var due = start
        var first = true
        while !Task.isCancelled {
            let spacing = task.spacing()
            guard spacing > .zero else {
                Self.log.info("Periodic task \(task.name) is disabled (spacing \(spacing))")
                return
            }
            due = first && task.runImmediately ? start : boundary.advanced(by: spacing)
            first = false
            do { try await clock.sleep(until: due, tolerance: nil) } catch { return }
            Self.log.debug("Running periodic task \(task.name)")
            let ctx = RequestContext.admin()
            do {
                try await RequestContext.$current.withValue(ctx) { try await task.body(ctx) }
            } catch {
                if Task.isCancelled { return }
                Self.log.error("Error during \(task.name): \(error)", context: ctx)
            }
            boundary = Self.lastBoundary(from: due, spacing: spacing, before: clock.now)
        }
    }

    /// The latest grid point `due + k × spacing` (k ≥ 0) strictly before `now`: the next run is one spacing
    /// after it, so a run that took longer than its spacing skips the ticks it covered instead of piling up.
    static func lastBoundary(from due: C.Instant, spacing: Duration, before now: C.Instant) -> C.Instant {
        let elapsed = due.duration(to: now)
        guard elapsed > .zero else { return due }
        var k = Int(elapsed / spacing)
        // Floating-point division can land one step either side of the exact grid point.
        while k > 0 && due.advanced(by: spacing * k) >= now { k -= 1 }
        while due.advanced(by: spacing * (k + 1)) < now { k += 1 }
        return due.advanced(by: spacing * k)
    }

    static func untilCancelled() async {
        let (stream, input) = AsyncStream<Void>.makeStream()
        await withTaskCancellationHandler {
            for await _ in stream {}
        } onCancel: {
            input.finish()
        }
    }
}

extension PeriodicTaskRunner where C == ContinuousClock {
    public init(tasks: [PeriodicTask], initialDelay: Duration = .zero) {
        self.init(tasks: tasks, initialDelay: initialDelay, clock: ContinuousClock())
    }

    /// Nova's service start: no tasks when `periodic_enable` is off, a random delay up to
    /// `periodic_fuzzy_delay` seconds before the first run.
    public init(tasks: [PeriodicTask], conf: Config) {
        let enabled = conf[CommonOptions.periodicEnable]
        let fuzzy = conf[CommonOptions.periodicFuzzyDelay]
        if !enabled { Self.log.info("Periodic tasks are disabled ([DEFAULT] periodic_enable = false)") }
        let delay: Duration = fuzzy > 0 ? .milliseconds(Int.random(in: 0...(fuzzy * 1000))) : .zero
        self.init(tasks: enabled ? tasks : [], initialDelay: delay)
    }
}
