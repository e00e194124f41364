import Common
import NovaDB

// nova-scheduler: host states from the database, the `scheduler` topic over RabbitMQ, claims in the
// database. Arguments, config, logging, signals and systemd come from the shared bootstrap.
extension SchedulerService: LifecycleService {
    public var serviceName: String { "nova-scheduler" }
    /// READY=1 once its services row is written, its host states loaded and its queue consumed.
    public var reportsReadiness: Bool { true }
    public func configReloaded(_ changes: [Config.Change]) async { reload() }
}

ServiceBootstrap.main(program: "nova-scheduler") { conf in
    try SchedulerService.validate(conf)
    RemoteErrorRegistry.registerStoreErrors()
    let store = try await DatabaseStartup.openStore(conf: conf, logger: Logger("nova.scheduler"))
    return [try SchedulerService(conf: conf, transport: try TransportFactory.make(conf: conf),
                                 store: DatabaseSchedulerStore(store: store),
                                 heartbeat: { _ = try await store.reportService($0) })]
}
