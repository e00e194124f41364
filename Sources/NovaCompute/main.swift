import Common

// nova-compute: arguments, config, logging, signals and systemd come from the shared bootstrap.
extension ComputeService: LifecycleService {
    public var serviceName: String { "nova-compute" }
    // Ready as soon as it starts (reportsReadiness stays false): init_host waits for a conductor, and a
    // compute whose conductor is not up yet must still start, run its watchdog and answer signals.
}

ServiceBootstrap.main(program: "nova-compute") { conf in
    [ComputeService(conf: conf, transport: try TransportFactory.make(conf: conf))]
}
