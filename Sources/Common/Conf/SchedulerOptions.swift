/// `[scheduler]` and `[filter_scheduler]` options of nova-scheduler (nova/conf/scheduler.py). Filters,
/// weighers and their multipliers are mutable: a SIGHUP applies new values to the next request.
public enum SchedulerOptions {
    // MARK: [scheduler]

    public static let maxAttempts = Opt<Int>.make(
        "max_attempts", group: "scheduler", kind: .int(min: 1, max: nil), default: .int(3),
        help: "The maximum number of schedule attempts: the primary destination plus the alternates returned "
            + "for each instance, which the conductor tries in turn when a build fails.", mutable: true)

    // MARK: [filter_scheduler]

    public static let hostSubsetSize = Opt<Int>.make(
        "host_subset_size", group: "filter_scheduler", kind: .int(min: 1, max: nil), default: .int(1),
        help: "Size of subset of best hosts selected by scheduler. New instances will be scheduled on a host "
            + "chosen randomly from a subset of the N best hosts, which reduces the chance that several "
            + "schedulers pick the same host.", mutable: true,
        deprecated: [.init("DEFAULT", "scheduler_host_subset_size")])
    public static let maxInstancesPerHost = Opt<Int>.make(
        "max_instances_per_host", group: "filter_scheduler", kind: .int(min: 1, max: nil), default: .int(50),
        help: "Maximum number of instances that can exist on a host (NumInstancesFilter).", mutable: true)
    public static let enabledFilters = Opt<[String]>.make(
        "enabled_filters", group: "filter_scheduler", kind: .list,
        default: .list(["AvailabilityZoneFilter", "ComputeFilter", "ComputeCapabilitiesFilter",
                        "ImagePropertiesFilter", "ServerGroupAntiAffinityFilter", "ServerGroupAffinityFilter"]),
        help: "Filters that the scheduler will use, applied in the order listed. Resources (VCPU, RAM, disk) "
            + "are always checked after them, as placement does for Nova. An unknown name stops the service.",
        mutable: true, deprecated: [.init("DEFAULT", "scheduler_default_filters")])
    public static let weightClasses = Opt<[String]>.make(
        "weight_classes", group: "filter_scheduler", kind: .list,
        default: .list(["nova.scheduler.weights.all_weighers"]),
        help: "Weighers that the scheduler will use, by class name (RAMWeigher, or its full Nova path); "
            + "nova.scheduler.weights.all_weighers selects every one.", mutable: true,
        deprecated: [.init("DEFAULT", "scheduler_weight_classes")])
    public static let ramWeightMultiplier = multiplier(
        "ram_weight_multiplier", 1.0, "Multiplier for free RAM. Negative values stack instances instead of "
            + "spreading them.")
    public static let cpuWeightMultiplier = multiplier(
        "cpu_weight_multiplier", 1.0, "Multiplier for free vCPUs. Negative values stack instead of spreading.")
    public static let diskWeightMultiplier = multiplier(
        "disk_weight_multiplier", 1.0, "Multiplier for free disk. Negative values stack instead of spreading.")
    public static let ioOpsWeightMultiplier = multiplier(
        "io_ops_weight_multiplier", -1.0, "Multiplier for the host's I/O workload (builds, resizes, snapshots "
            + "in progress). Negative values prefer lightly loaded hosts.")
    public static let buildFailureWeightMultiplier = multiplier(
        "build_failure_weight_multiplier", 1_000_000.0, "Multiplier for hosts with recent build failures. "
            + "Large values keep hosts that fail builds at the bottom of the list.")
    public static let softAffinityWeightMultiplier = multiplier(
        "soft_affinity_weight_multiplier", 1.0, "Multiplier for hosts already holding members of a "
            + "soft-affinity group.", min: 0)
    public static let softAntiAffinityWeightMultiplier = multiplier(
        "soft_anti_affinity_weight_multiplier", 1.0, "Multiplier for hosts holding fewer members of a "
            + "soft-anti-affinity group.", min: 0)
    public static let numInstancesWeightMultiplier = multiplier(
        "num_instances_weight_multiplier", 0.0, "Multiplier for the number of instances on a host. Positive "
            + "values pack hosts, negative values spread.")
    public static let hypervisorVersionWeightMultiplier = multiplier(
        "hypervisor_version_weight_multiplier", 1.0, "Multiplier for the hypervisor version: positive values "
            + "prefer newer hypervisors.")
    public static let shuffleBestSameWeighedHosts = Opt<Bool>.make(
        "shuffle_best_same_weighed_hosts", group: "filter_scheduler", kind: .bool, default: .bool(false),
        help: "Randomize the order of the hosts that share the best weight, so that many equal hosts do not "
            + "all receive the same instances first.", mutable: true)
    public static let imagePropertiesDefaultArchitecture = Opt<String?>.make(
        "image_properties_default_architecture", group: "filter_scheduler",
        kind: .choices(["aarch64", "armv7l", "i686", "ppc64", "ppc64le", "s390x", "x86_64"]), default: nil,
        help: "The architecture ImagePropertiesFilter assumes for images that do not set hw_architecture.",
        mutable: true)

    public static let all: [OptDefinition] = definitions(
        maxAttempts, hostSubsetSize, maxInstancesPerHost, enabledFilters, weightClasses, ramWeightMultiplier,
        cpuWeightMultiplier, diskWeightMultiplier, ioOpsWeightMultiplier, buildFailureWeightMultiplier,
        softAffinityWeightMultiplier, softAntiAffinityWeightMultiplier, numInstancesWeightMultiplier,
        hypervisorVersionWeightMultiplier, shuffleBestSameWeighedHosts, imagePropertiesDefaultArchitecture)

    private static func multiplier(_ name: String, _ value: Double, _ help: String, min: Double? = nil)
        -> Opt<Double>
    {
        Opt<Double>.make(name, group: "filter_scheduler", kind: .float(min: min, max: nil), default: .float(value),
                         help: help + " An aggregate's metadata key of the same name overrides it for its hosts.",
                         mutable: true)
    }
}
