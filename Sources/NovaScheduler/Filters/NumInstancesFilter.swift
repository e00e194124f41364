/// Passes hosts with fewer than `[filter_scheduler] max_instances_per_host` instances
/// (nova/scheduler/filters/num_instances_filter.py).
public struct NumInstancesFilter: HostFilter {
    public static let name = "NumInstancesFilter"
    public init() {}
    public var runsPerInstance: Bool { true }

    public func hostPasses(_ host: HostState, _ request: HostRequest) -> Bool {
        host.numInstances < request.settings.maxInstancesPerHost
    }
}
