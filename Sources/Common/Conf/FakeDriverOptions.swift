/// `[fake]`: the fake virt driver's simulated hypervisor (sizes, node count, spawn delay, failure injection).
public enum FakeDriverOptions {
    public static let nodeCount = Opt<Int>.make(
        "nodes", group: "fake", kind: .int(min: 1, max: nil), default: .int(1),
        help: "Number of hypervisor nodes this nova-compute manages. One node is named after [DEFAULT] host; "
            + "with more, they are <host>-node<i> for i = 0..nodes-1 (for scale tests).")
    public static let vcpus = Opt<Int>.make(
        "vcpus", group: "fake", kind: .int(min: 1, max: nil), default: .int(32),
        help: "Physical CPUs of each fake node.")
    public static let memoryMB = Opt<Int>.make(
        "memory_mb", group: "fake", kind: .int(min: 1, max: nil), default: .int(131_072),
        help: "Memory in MB of each fake node.")
    public static let localGB = Opt<Int>.make(
        "local_gb", group: "fake", kind: .int(min: 1, max: nil), default: .int(2048),
        help: "Local disk in GB of each fake node.")
    public static let spawnDelay = Opt<Double>.make(
        "spawn_delay", group: "fake", kind: .float(min: 0, max: nil), default: .float(0),
        help: "Seconds a spawn takes (simulated image download and boot).", mutable: true)
    public static let failEveryNthSpawn = Opt<Int>.make(
        "fail_every_nth_spawn", group: "fake", kind: .int(min: 0, max: nil), default: .int(0),
        help: "Make every Nth spawn fail (1 = every spawn). 0 disables.", mutable: true)
    public static let failProbability = Opt<Double>.make(
        "fail_probability", group: "fake", kind: .float(min: 0, max: 1), default: .float(0),
        help: "Probability in [0, 1] that a spawn fails.", mutable: true)

    public static let all: [OptDefinition] = definitions(
        nodeCount, vcpus, memoryMB, localGB, spawnDelay, failEveryNthSpawn, failProbability)
}
