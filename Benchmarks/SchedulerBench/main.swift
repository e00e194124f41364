// scheduler-bench: the latency of select_destinations with the default filters and weighers over
// in-memory host states of 100, 1,000 and 10,000 nodes with realistic usage (release build:
// `swift build -c release --product scheduler-bench`). Not a test: it prints a table.
import Common
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A fleet of `count` nodes of mixed sizes, 20 to 60% used, in three zones, 1% disabled.
func makeFleet(_ count: Int, seed: UInt64) async throws -> InMemorySchedulerStore {
    let store = InMemorySchedulerStore()
    let random = RandomSource(seed: seed)
    var zones: [[String]] = [[], [], []]
    for i in 0..<count {
        let host = String(format: "compute-%05d", i)
        let vcpus = [16, 32, 48, 64][random.below(4)]
        let memoryMB = [65536, 131072, 262144, 524288][random.below(4)]
        let diskGB = [500, 1000, 2000][random.below(3)]
        let node = store.addNode(host: host, vcpus: vcpus, memoryMB: memoryMB, diskGB: diskGB,
                                 reserved: Resources(vcpus: 0, memoryMB: 512, diskGB: 0), cpuRatio: 4,
                                 hypervisorType: "QEMU", hypervisorVersion: 6_002_000,
                                 cpuInfo: #"{"arch": "x86_64", "vendor": "Intel"}"#,
                                 stats: ["io_workload": String(random.below(4)), "num_instances": "0"])
        zones[i % 3].append(host)
        let fill = 20 + random.below(41)
        let used = Resources(vcpus: vcpus * 4 * fill / 100, memoryMB: (memoryMB - 512) * fill / 100,
                             diskGB: diskGB * fill / 100)
        try await store.claim(consumer: "existing-\(i)", nodeUUID: node, vcpus: used.vcpus, memoryMB: used.memoryMB,
                              diskGB: used.diskGB)
        if random.below(100) == 0 { store.updateService(host: host, disabled: true) }
    }
    for (i, hosts) in zones.enumerated() {
        var a = Aggregate()
        a.id = i + 1
        a.uuid = UUID().uuidString.lowercased()
        a.name = "az\(i + 1)"
        a.hosts = hosts
        a.metadata = ["availability_zone": "az\(i + 1)"]
        store.putAggregate(a)
    }
    return store
}

func flavor() -> Flavor {
    var f = Flavor()
    f.flavorID = "2"
    f.name = "m1.small"
    f.vcpus = 1
    f.memoryMB = 2048
    f.rootGB = 10
    return f
}

func spec(zone: String?) -> RequestSpec {
    var s = RequestSpec()
    s.flavor = flavor()
    s.projectID = "bench"
    s.availabilityZone = zone
    var image = ImageMeta()
    image.properties = ImageMetaProps(properties: ["hw_architecture": "x86_64"])
    s.image = image
    return s
}

struct Figures {
    var wall: [Double] = []
    /// Process CPU time: what the request cost the machine, whatever else runs on it (the bench runs one
    /// request at a time, so the process's time is the request's).
    var cpu: [Double] = []

    mutating func add(wall d: Duration, cpu c: Double) {
        let parts = d.components
        wall.append(Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15)
        cpu.append(c)
    }

    static func percentile(_ samples: [Double], _ p: Double) -> Double {
        let s = samples.sorted()
        return s[min(s.count - 1, Int((Double(s.count) * p).rounded(.up)) - 1)]
    }
}

/// Milliseconds of CPU used by this process so far.
func processCPUms() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) * 1000 + Double(t.tv_nsec) / 1e6
}

/// Times `runs` select_destinations of `batch` instances; each run's claims are freed afterwards so the
/// fleet keeps the same shape.
func measure(_ scheduler: FilterScheduler, store: any SchedulerStore, batch: Int, runs: Int, zone: String?)
    async throws -> Figures
{
    var figures = Figures()
    let clock = ContinuousClock()
    let ctx = RequestContext(userId: "bench", projectId: "bench")
    for run in 0..<(runs + runs / 10) {
        let uuids = (0..<batch).map { "bench-\(run)-\($0)" }
        let s = spec(zone: zone)
        let cpu0 = processCPUms()
        let started = clock.now
        _ = try await scheduler.selectDestinations(ctx, spec: s, instanceUUIDs: uuids, returnAlternates: true)
        let took = clock.now - started
        let cpu = processCPUms() - cpu0
        if run >= runs / 10 { figures.add(wall: took, cpu: cpu) }  // the first tenth warms up
        for u in uuids { try await store.freeAllocations(consumer: u) }
        // Deletes reach the cache on its next refresh; refresh now (untimed) so runs do not fill the fleet.
        try await scheduler.hostManager.refreshNow()
    }
    return figures
}

func row(_ cells: [String]) -> String {
    zip(cells, [7, 15, 15, 10, 10, 10, 10, 6]).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
        .joined(separator: " ")
}

/// `--hosts 1000,10000` and `--batches 1` narrow the run (e.g. under a profiler).
func listArgument(_ name: String, default d: [Int]) -> [Int] {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return d }
    return args[i + 1].split(separator: ",").compactMap { Int($0) }
}

try LogSystem.shared.configure(LogSystem.Settings(level: .warning))
print("select_destinations, default filters and weighers, in-memory store, max_attempts 3 (times in ms)")
print(row(["hosts", "request", "cache refresh", "wall p50", "wall p99", "cpu p50", "cpu p99", "runs"]))
for hosts in listArgument("--hosts", default: [100, 1000, 10000]) {
    let store = try await makeFleet(hosts, seed: UInt64(hosts))
    for (label, interval) in [("at most 1/s", 1.0), ("every request", 0.0)] {
        let manager = HostManager(store: store, refresh: HostManager.Refresh(minInterval: interval, overlap: 0))
        let scheduler = FilterScheduler(store: store, settings: .defaults, hostManager: manager,
                                        random: RandomSource(seed: 1))
        for batch in listArgument("--batches", default: [1, 100]) {
            let runs = batch == 1 ? (hosts >= 10000 ? 200 : 1000) : (hosts >= 10000 ? 10 : 40)
            // One instance asks for a zone (a third of the fleet); a batch of 100 may go anywhere.
            let f: Figures
            do {
                f = try await measure(scheduler, store: store, batch: batch, runs: runs, zone: batch == 1 ? "az2" : nil)
            } catch {
                print(row(["\(hosts)", "\(batch) instance(s)", label, "failed: \(error)"]))
                continue
            }
            let ms = [f.wall, f.wall, f.cpu, f.cpu].enumerated().map { i, s in
                String(format: "%.3f", Figures.percentile(s, i % 2 == 0 ? 0.5 : 0.99))
            }
            print(row(["\(hosts)", batch == 1 ? "1 instance" : "\(batch) instances", label] + ms + ["\(runs)"]))
        }
    }
}
