/// Passes hosts whose compute service is enabled and up: not forced down, and a heartbeat younger than
/// `service_down_time` (nova/scheduler/filters/compute_filter.py).
public struct ComputeFilter: HostFilter {
    public static let name = "ComputeFilter"
    public init() {}

    public func hostPasses(_ host: HostState, _ request: HostRequest) -> Bool {
        !host.serviceDisabled && host.isUp(now: request.now, downTime: request.settings.serviceDownTime)
    }
}
