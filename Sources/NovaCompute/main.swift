import Common

// nova-compute: arguments, config, logging, signals and systemd come from the shared bootstrap.
extension ComputeService: LifecycleService {
    public var serviceName: String { "nova-compute" }
}

ServiceBootstrap.main(program: "nova-compute") { conf in
    [ComputeService(conf: conf, transport: try TransportFactory.make(conf: conf))]
}
