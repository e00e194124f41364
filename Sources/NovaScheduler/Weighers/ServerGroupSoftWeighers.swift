import Common

/// For a `soft-affinity` group: prefers hosts already holding more members
/// (nova/scheduler/weights/affinity.py ServerGroupSoftAffinityWeigher).
public struct ServerGroupSoftAffinityWeigher: HostWeigher {
    public static let name = "ServerGroupSoftAffinityWeigher"
    public init() {}
    public var multiplierOption: Opt<Double> { SchedulerOptions.softAffinityWeightMultiplier }
    public func applies(to request: HostRequest) -> Bool { request.group?.policy == "soft-affinity" }

    public func weigh(_ host: HostState, _ request: HostRequest) -> Double {
        guard let g = request.group, g.policy == "soft-affinity" else { return 0 }
        return Double(g.countByHost[host.host] ?? 0)
    }
}

/// For a `soft-anti-affinity` group: prefers hosts holding fewer members
/// (nova/scheduler/weights/affinity.py ServerGroupSoftAntiAffinityWeigher).
public struct ServerGroupSoftAntiAffinityWeigher: HostWeigher {
    public static let name = "ServerGroupSoftAntiAffinityWeigher"
    public init() {}
    public var multiplierOption: Opt<Double> { SchedulerOptions.softAntiAffinityWeightMultiplier }
    public func applies(to request: HostRequest) -> Bool { request.group?.policy == "soft-anti-affinity" }

    public func weigh(_ host: HostState, _ request: HostRequest) -> Double {
        guard let g = request.group, g.policy == "soft-anti-affinity" else { return 0 }
        return -Double(g.countByHost[host.host] ?? 0)
    }
}
