import Common

/// nova-conductor as a running service: both endpoints on the shared `conductor` queue (several processes
/// compete for its messages) and a heartbeat of its own services row.
public final class ConductorService: Sendable {
    public let server: RPCServer
    public let store: ConductorStore
    private let conf: Config
    private static let log = Logger("nova.conductor.service")

    public init(conf: Config, transport: any Transport, store: ConductorStore) {
        self.conf = conf
        self.store = store
        RemoteErrorRegistry.registerServiceErrors()
        let tasks = ComputeTaskManager(store: store, scheduler: SchedulerRPCAPI(conf: conf, transport: transport),
                                       computes: ComputeRPCAPI(conf: conf, transport: transport))
        server = RPCServer(conf: conf, transport: transport, topic: ConductorAPI.topic,
                           endpoints: [ConductorEndpoint(store: store), ComputeTaskEndpoint(manager: tasks)])
    }

    public func run() async throws {
        let host = conf[CommonOptions.host]
        _ = try await store.reportService(Service(host: host, binary: "nova-conductor", topic: ConductorAPI.topic))
        try await server.start()
        Self.log.info("nova-conductor \(NovaVersion.string) started on \(host)")
        while !Task.isCancelled {
            do { try await Task.sleep(for: .seconds(conf[CommonOptions.reportInterval])) } catch { break }
            do {
                _ = try await store.reportService(Service(host: host, binary: "nova-conductor",
                                                          topic: ConductorAPI.topic))
            } catch { Self.log.error("Heartbeat failed: \(error)") }
        }
        await server.stop()
    }
}
