import Common

/// One scheduler filter (nova/scheduler/filters BaseHostFilter): says whether a host can take the
/// request's current instance. Filters are stateless values; what they need travels in the request.
public protocol HostFilter: Sendable {
    /// The name used in `[filter_scheduler] enabled_filters` (Nova's class name).
    static var name: String { get }
    /// Whether the answer can change between the instances of one batch (it reads what earlier picks
    /// change: usage, group members). Others run once per request (Nova's run_filter_once_per_request).
    var runsPerInstance: Bool { get }
    /// Whether the filter has anything to check for this request; when not, every host passes.
    func applies(to request: HostRequest) -> Bool
    func hostPasses(_ host: HostState, _ request: HostRequest) -> Bool
    /// The candidates (positions in `hosts`) that pass. The default loop is compiled for each filter,
    /// so `hostPasses` is called directly and host states are read in place, not copied per call.
    func passing(_ candidates: [Int], of hosts: [HostState], _ request: HostRequest) -> [Int]
}

extension HostFilter {
    public func passing(_ candidates: [Int], of hosts: [HostState], _ request: HostRequest) -> [Int] {
        candidates.filter { hostPasses(hosts[$0], request) }
    }

    public var runsPerInstance: Bool { false }
    public func applies(to request: HostRequest) -> Bool { true }
    public var name: String { Self.name }
}
