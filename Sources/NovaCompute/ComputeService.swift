import Common

/// nova-compute as a running service: the RPC server on `compute.<host>`, `init_host`, and the periodic
/// tasks (heartbeat every `report_interval`, resources every `update_resources_interval`, power state sync,
/// build timeout). `run()` lives until the task is cancelled.
public final class ComputeService: Sendable {
    public let manager: ComputeManager
    public let server: RPCServer
    private let conf: Config
    private static let log = Logger("nova.compute.service")

    public init(conf: Config, transport: any Transport, driver: (any VirtDriver)? = nil) {
        self.conf = conf
        RemoteErrorRegistry.registerServiceErrors()
        let conductor = ConductorAPI(conf: conf, transport: transport)
        let peers = RPCComputePeers(tasks: ComputeTaskAPI(conf: conf, transport: transport),
                                    computes: ComputeRPCAPI(conf: conf, transport: transport))
        manager = ComputeManager(conf: conf, driver: driver ?? FakeDriver(conf: conf), conductor: conductor,
                                 peers: peers)
        server = RPCServer(conf: conf, transport: transport, topic: ComputeRPCAPI.topic,
                           endpoints: [ComputeEndpoint(manager: manager)])
    }

    public func run() async throws {
        let ctx = RequestContext(isAdmin: true)
        try await manager.initHost(ctx)
        try await server.start()
        Self.log.info("nova-compute \(NovaVersion.string) started on host \(manager.host) with nodes "
                      + manager.driver.nodenames.joined(separator: ", "))
        ServiceReadiness.markReady()
        do {
            try await PeriodicTaskRunner(tasks: periodicTasks(), conf: conf).run()
        } catch is CancellationError {}
        await server.stop()
    }

    /// Nova's compute periodic tasks; spacings are re-read before each wait, so a reload applies them.
    func periodicTasks() -> [PeriodicTask] {
        let m = manager
        let conf = conf
        func seconds(_ opt: Opt<Int>, fallback: Int) -> @Sendable () -> Duration {
            { let v = conf[opt]; return .seconds(v > 0 ? v : fallback) }
        }
        var tasks = [
            PeriodicTask("heartbeat", spacing: seconds(CommonOptions.reportInterval, fallback: 10)) {
                try await m.heartbeat($0)
            },
            PeriodicTask("update_available_resource",
                         spacing: seconds(ComputeOptions.updateResourcesInterval, fallback: 60)) {
                try await m.updateAvailableResource($0)
            },
            PeriodicTask("_check_instance_build_time", spacing: { ComputeOptions.buildTimeoutCheckSpacing(conf) }) {
                try await m.checkInstanceBuildTime($0)
            },
        ]
        tasks.append(PeriodicTask("_sync_power_states", spacing: {
            let v = conf[ComputeOptions.syncPowerStateInterval]
            return .seconds(v > 0 ? v : 0)  // 0 or less disables the task
        }) { try await m.syncPowerStates($0) })
        return tasks
    }
}
