import Common

// nova-compute: arguments, config, logging, signals and systemd come from the shared bootstrap.
extension ComputeService: LifecycleService {
    public var serviceName: String { "nova-compute" }
    /// READY=1 after init_host (its node and services row recorded through the conductor) and once its
    /// queue is consumed.
    public var reportsReadiness: Bool { true }
}

ServiceBootstrap.main(program: "nova-compute") { conf in
    [ComputeService(conf: conf, transport: try TransportFactory.make(conf: conf))]
}
