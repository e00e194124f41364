import Common

/// nova-conductor as a running service: both endpoints on the shared `conductor` queue (several processes
/// compete for its messages), a heartbeat of its own services row, and the check that fails builds that
/// never reached a compute host within `instance_build_timeout`.
public final class ConductorService: Sendable {
    public let server: RPCServer
    public let store: ConductorStore
    public let manager: ComputeTaskManager
    private let conf: Config
    private static let log = Logger("nova.conductor.service")

    public init(conf: Config, transport: any Transport, store: ConductorStore) {
        self.conf = conf
        self.store = store
        RemoteErrorRegistry.registerServiceErrors()
        let tasks = ComputeTaskManager(store: store, scheduler: SchedulerRPCAPI(conf: conf, transport: transport),
                                       computes: ComputeRPCAPI(conf: conf, transport: transport))
        manager = tasks
        server = RPCServer(conf: conf, transport: transport, topic: ConductorAPI.topic,
                           endpoints: [ConductorEndpoint(store: store), ComputeTaskEndpoint(manager: tasks)])
    }

    /// The conductor's periodic tasks (every conductor runs them; each step is one guarded transaction).
    func periodicTasks() -> [PeriodicTask] {
        let (m, conf) = (manager, conf)
        return [
            PeriodicTask("_check_unscheduled_build_time", spacing: { ComputeOptions.buildTimeoutCheckSpacing(conf) }) {
                _ in try await m.checkUnscheduledBuildTime(timeout: conf[ComputeOptions.instanceBuildTimeout])
            },
        ]
    }

    public func run() async throws {
        let host = conf[CommonOptions.host]
        _ = try await store.reportService(Service(host: host, binary: "nova-conductor", topic: ConductorAPI.topic))
        try await server.start()
        ServiceReadiness.markReady()
        Self.log.info("nova-conductor \(NovaVersion.string) started on \(host)")
        let periodic = Task { [conf] in try? await PeriodicTaskRunner(tasks: periodicTasks(), conf: conf).run() }
        while !Task.isCancelled {
            do { try await Task.sleep(for: .seconds(conf[CommonOptions.reportInterval])) } catch { break }
            do {
                _ = try await store.reportService(Service(host: host, binary: "nova-conductor",
                                                          topic: ConductorAPI.topic))
            } catch { Self.log.error("Heartbeat failed: \(error)") }
        }
        periodic.cancel()
        await periodic.value
        await server.stop()
    }
}
