/// `[DEFAULT]` options of nova-compute (nova/conf/compute.py): the virt driver, resource reservations,
/// allocation ratios and the periodic tasks.
public enum ComputeOptions {
    public static let computeDriver = Opt<String>.make(
        "compute_driver", kind: .choices(["fake.FakeDriver"]), default: .string("fake.FakeDriver"),
        help: "Defines which driver to use for controlling virtualization. mini-Nova ships fake.FakeDriver.")
    public static let reservedHostMemoryMB = Opt<Int>.make(
        "reserved_host_memory_mb", kind: .int(min: 0, max: nil), default: .int(512),
        help: "Amount of memory in MB to reserve for the host so that it is always available to host processes.")
    public static let reservedHostDiskMB = Opt<Int>.make(
        "reserved_host_disk_mb", kind: .int(min: 0, max: nil), default: .int(0),
        help: "Amount of disk resources in MB to make them always available to host.")
    public static let reservedHostCPUs = Opt<Int>.make(
        "reserved_host_cpus", kind: .int(min: 0, max: nil), default: .int(0),
        help: "Number of host CPUs to reserve for host processes.")
    public static let cpuAllocationRatio = Opt<Double>.make(
        "cpu_allocation_ratio", kind: .float(min: 0, max: nil), default: nil,
        help: "Virtual CPU to physical CPU allocation ratio. When unset, initial_cpu_allocation_ratio applies.",
        mutable: true)
    public static let ramAllocationRatio = Opt<Double>.make(
        "ram_allocation_ratio", kind: .float(min: 0, max: nil), default: nil,
        help: "Virtual RAM to physical RAM allocation ratio. When unset, initial_ram_allocation_ratio applies.",
        mutable: true)
    public static let diskAllocationRatio = Opt<Double>.make(
        "disk_allocation_ratio", kind: .float(min: 0, max: nil), default: nil,
        help: "Virtual disk to physical disk allocation ratio. When unset, initial_disk_allocation_ratio applies.",
        mutable: true)
    public static let initialCPUAllocationRatio = Opt<Double>.make(
        "initial_cpu_allocation_ratio", kind: .float(min: 0, max: nil), default: .float(4.0),
        help: "Initial virtual CPU to physical CPU allocation ratio.")
    public static let initialRAMAllocationRatio = Opt<Double>.make(
        "initial_ram_allocation_ratio", kind: .float(min: 0, max: nil), default: .float(1.0),
        help: "Initial virtual RAM to physical RAM allocation ratio.")
    public static let initialDiskAllocationRatio = Opt<Double>.make(
        "initial_disk_allocation_ratio", kind: .float(min: 0, max: nil), default: .float(1.0),
        help: "Initial virtual disk to physical disk allocation ratio.")
    public static let updateResourcesInterval = Opt<Int>.make(
        "update_resources_interval", kind: .int(min: 0, max: nil), default: .int(60),
        help: "Interval in seconds for updating compute resources (0 means the default of 60 seconds).")
    public static let syncPowerStateInterval = Opt<Int>.make(
        "sync_power_state_interval", kind: .int(min: -1, max: nil), default: .int(600),
        help: "Interval in seconds to sync power states between the database and the hypervisor. "
            + "A negative value disables the sync.")
    public static let instanceBuildTimeout = Opt<Int>.make(
        "instance_build_timeout", kind: .int(min: 0, max: nil), default: .int(0),
        help: "Maximum time in seconds that an instance can take to build. A value of zero disables the check. "
            + "Builds older than this go to ERROR: those on a host by that host's nova-compute, those that never "
            + "reached a host by nova-conductor; both look every min(60, instance_build_timeout) seconds.")
    public static let maxConcurrentBuilds = Opt<Int>.make(
        "max_concurrent_builds", kind: .int(min: 0, max: nil), default: .int(10),
        help: "Limits the maximum number of instance builds to run concurrently by nova-compute. "
            + "0 means unlimited.")
    public static let resizeConfirmWindow = Opt<Int>.make(
        "resize_confirm_window", kind: .int(min: 0, max: nil), default: .int(0),
        help: "Automatically confirm resizes after N seconds. 0 disables.")
    public static let rebootTimeout = Opt<Int>.make(
        "reboot_timeout", kind: .int(min: 0, max: nil), default: .int(0),
        help: "Time in seconds to automatically hard reboot an instance stuck in a rebooting state. 0 disables.")

    public static let all: [OptDefinition] = definitions(
        computeDriver, reservedHostMemoryMB, reservedHostDiskMB, reservedHostCPUs, cpuAllocationRatio,
        ramAllocationRatio, diskAllocationRatio, initialCPUAllocationRatio, initialRAMAllocationRatio,
        initialDiskAllocationRatio, updateResourcesInterval, syncPowerStateInterval, instanceBuildTimeout,
        maxConcurrentBuilds, resizeConfirmWindow, rebootTimeout)
}

extension ComputeOptions {
    /// How often stale builds are looked for: every `instance_build_timeout` seconds, at most every 60 s
    /// (Nova's fixed spacing), so no build outlives the timeout by more than the timeout again; zero
    /// (disabled) when the timeout is 0.
    public static func buildTimeoutCheckSpacing(_ conf: Config) -> Duration {
        let timeout = conf[instanceBuildTimeout]
        return timeout > 0 ? .seconds(min(60, timeout)) : .zero
    }
}
