import Common
import NovaDB

// nova-conductor: the database proxy for nova-compute and the build/move orchestrator, on the shared
// `conductor` topic. Arguments, config, logging, signals and systemd come from the shared bootstrap.
extension ConductorService: LifecycleService {
    public var serviceName: String { "nova-conductor" }
    /// READY=1 once its services row is written and its queue consumed.
    public var reportsReadiness: Bool { true }
}

ServiceBootstrap.main(program: "nova-conductor") { conf in
    RemoteErrorRegistry.registerStoreErrors()
    let store = try await DatabaseStartup.openStore(conf: conf, logger: Logger("nova.conductor"))
    return [ConductorService(conf: conf, transport: try TransportFactory.make(conf: conf),
                             store: DatabaseConductorStore(store: store, conf: conf))]
}
