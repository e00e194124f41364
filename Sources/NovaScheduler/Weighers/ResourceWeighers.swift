import Common

/// Prefers hosts with more free RAM; a negative multiplier stacks instead (nova/scheduler/weights/ram.py).
public struct RAMWeigher: HostWeigher {
    public static let name = "RAMWeigher"
    public init() {}
    public var multiplierOption: Opt<Double> { SchedulerOptions.ramWeightMultiplier }
    public func weigh(_ host: HostState, _ request: HostRequest) -> Double { Double(host.freeRAMMB) }
}

/// Prefers hosts with more free vCPUs (counting the allocation ratio) (nova/scheduler/weights/cpu.py).
public struct CPUWeigher: HostWeigher {
    public static let name = "CPUWeigher"
    public init() {}
    public var multiplierOption: Opt<Double> { SchedulerOptions.cpuWeightMultiplier }
    public func weigh(_ host: HostState, _ request: HostRequest) -> Double { Double(host.freeVCPUs) }
}

/// Prefers hosts with more free disk (nova/scheduler/weights/disk.py).
public struct DiskWeigher: HostWeigher {
    public static let name = "DiskWeigher"
    public init() {}
    public var multiplierOption: Opt<Double> { SchedulerOptions.diskWeightMultiplier }
    public func weigh(_ host: HostState, _ request: HostRequest) -> Double { Double(host.freeDiskMB) }
}

/// Weighs the host's I/O workload; the default negative multiplier prefers idle hosts
/// (nova/scheduler/weights/io_ops.py).
public struct IoOpsWeigher: HostWeigher {
    public static let name = "IoOpsWeigher"
    public init() {}
    public var multiplierOption: Opt<Double> { SchedulerOptions.ioOpsWeightMultiplier }
    public func weigh(_ host: HostState, _ request: HostRequest) -> Double { Double(host.numIOOps) }
}

/// Pushes hosts with recent build failures down the list (nova/scheduler/weights/compute.py).
public struct BuildFailureWeigher: HostWeigher {
    public static let name = "BuildFailureWeigher"
    public init() {}
    public var multiplierOption: Opt<Double> { SchedulerOptions.buildFailureWeightMultiplier }
    public func weigh(_ host: HostState, _ request: HostRequest) -> Double { -Double(host.failedBuilds) }
}

/// Weighs the number of instances on the host: positive multipliers pack, negative spread
/// (nova/scheduler/weights/num_instances.py; multiplier 0 by default).
public struct NumInstancesWeigher: HostWeigher {
    public static let name = "NumInstancesWeigher"
    public init() {}
    public var multiplierOption: Opt<Double> { SchedulerOptions.numInstancesWeightMultiplier }
    public func weigh(_ host: HostState, _ request: HostRequest) -> Double { Double(host.numInstances) }
}

/// Prefers newer hypervisors (nova/scheduler/weights/hypervisor_version.py).
public struct HypervisorVersionWeigher: HostWeigher {
    public static let name = "HypervisorVersionWeigher"
    public init() {}
    public var multiplierOption: Opt<Double> { SchedulerOptions.hypervisorVersionWeightMultiplier }
    public func weigh(_ host: HostState, _ request: HostRequest) -> Double { Double(host.hypervisorVersion) }
}
