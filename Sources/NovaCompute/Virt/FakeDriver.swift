import Common

/// A hypervisor in memory (nova/virt/fake.py): N nodes of a configured size, guests that only have a power
/// state and a console log, a spawn delay, and failure injection so reschedules can be exercised.
public actor FakeDriver: VirtDriver {
    /// A fake guest.
    struct Guest {
        var state: PowerState
        var node: String?
        var console: [String]
    }

    public nonisolated let nodenames: [String]
    private let conf: Config
    private var guests: [String: Guest] = [:]
    private var spawnCount = 0
    private var randomSource: any RandomNumberGenerator & Sendable
    private static let log = Logger("nova.virt.fake")

    public init(conf: Config, host: String? = nil,
                random: any RandomNumberGenerator & Sendable = SystemRandomNumberGenerator()) {
        self.conf = conf
        nodenames = FakeDriver.nodenames(host: host ?? conf[CommonOptions.host],
                                         count: conf[FakeDriverOptions.nodeCount])
        randomSource = random
    }

    /// One node is named after the host; several are `<host>-node<i>`, i from 0.
    public static func nodenames(host: String, count: Int) -> [String] {
        count <= 1 ? [host] : (0..<count).map { "\(host)-node\($0)" }
    }

    public func availableResource(node: String) async throws -> NodeResources {
        NodeResources(nodename: node, vcpus: conf[FakeDriverOptions.vcpus], memoryMB: conf[FakeDriverOptions.memoryMB],
                      localGB: conf[FakeDriverOptions.localGB])
    }

    public func spawn(instance: Instance) async throws {
        spawnCount += 1
        let attempt = spawnCount
        let delay = conf[FakeDriverOptions.spawnDelay]
        if delay > 0 { try await Task.sleep(for: .milliseconds(Int(delay * 1000))) }
        if let reason = injectedFailure(attempt: attempt) {
            Self.log.warning("Injected spawn failure for instance \(instance.uuid): \(reason)")
            throw SpawnFailed(reason: reason)
        }
        let name = instance.displayName ?? instance.uuid
        guests[instance.uuid] = Guest(state: .running, node: instance.node, console: [
            "FAKE CONSOLE OUTPUT for \(instance.uuid)",
            "Booting \(name) (\(instance.vcpus ?? 0) vCPU, \(instance.memoryMB ?? 0) MB RAM)",
            "\(instance.hostname ?? name) login:",
        ])
    }

    private func injectedFailure(attempt: Int) -> String? {
        let nth = conf[FakeDriverOptions.failEveryNthSpawn]
        if nth > 0, attempt % nth == 0 {
            return "Fake driver: spawn #\(attempt) failed (fail_every_nth_spawn = \(nth))"
        }
        let p = conf[FakeDriverOptions.failProbability]
        if p > 0, Double.random(in: 0..<1, using: &randomSource) < p {
            return "Fake driver: spawn #\(attempt) failed (fail_probability = \(p))"
        }
        return nil
    }

    public func destroy(instanceUUID: String) async { guests[instanceUUID] = nil }

    public func powerOff(instanceUUID: String) async throws { try transition(instanceUUID, to: .shutdown, "Power off") }
    public func powerOn(instanceUUID: String) async throws { try transition(instanceUUID, to: .running, "Power on") }
    public func reboot(instanceUUID: String, type: RebootType) async throws {
        try transition(instanceUUID, to: .running, "Reboot (\(type.rawValue))")
    }
    public func pause(instanceUUID: String) async throws { try transition(instanceUUID, to: .paused, "Pause") }
    public func unpause(instanceUUID: String) async throws { try transition(instanceUUID, to: .running, "Unpause") }
    public func suspend(instanceUUID: String) async throws { try transition(instanceUUID, to: .suspended, "Suspend") }
    public func resume(instanceUUID: String) async throws { try transition(instanceUUID, to: .running, "Resume") }

    private func transition(_ uuid: String, to state: PowerState, _ what: String) throws {
        guard var g = guests[uuid] else { throw VirtInstanceNotFound(instanceUUID: uuid) }
        g.state = state
        g.console.append("[\(what)] power state \(state.name)")
        guests[uuid] = g
    }

    public func powerState(instanceUUID: String) async -> PowerState { guests[instanceUUID]?.state ?? .noState }

    public func listInstances() async -> [String] { guests.keys.sorted() }

    public func consoleOutput(instanceUUID: String) async throws -> String {
        guard let g = guests[instanceUUID] else { throw VirtInstanceNotFound(instanceUUID: instanceUUID) }
        return g.console.joined(separator: "\n") + "\n"
    }

    public func migrateDiskAndPowerOff(instanceUUID: String) async throws {
        try transition(instanceUUID, to: .shutdown, "Migrate disk and power off")
        guests[instanceUUID] = nil
    }

    public func finishMigration(instance: Instance, powerOn: Bool) async throws {
        let flavor = instance.flavor?.name ?? "?"
        guests[instance.uuid] = Guest(state: powerOn ? .running : .shutdown, node: instance.node,
                                      console: ["FAKE CONSOLE OUTPUT for \(instance.uuid)", "Migrated (flavor \(flavor))"])
    }

    /// Test hook: a guest's power state changes behind Nova's back (for _sync_power_states).
    public func setPowerState(instanceUUID: String, _ state: PowerState) {
        guests[instanceUUID]?.state = state
    }

    public func restore(instanceUUID: String, state: PowerState, node: String?) {
        guard guests[instanceUUID] == nil else { return }
        guests[instanceUUID] = Guest(state: state, node: node, console: ["FAKE CONSOLE OUTPUT for \(instanceUUID)"])
    }
}
