import Common
import Foundation
import NovaDB
import NovaTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The back half of a cloud as real processes: nova-conductor, nova-scheduler and nova-compute binaries
/// on a RabbitMQ vhost of their own and an SQLite file of their own. The test plays nova-api's part: it
/// writes instance rows and request specs, then casts `schedule_and_build_instances` to the conductor.
final class ServiceStack: @unchecked Sendable {
    // @unchecked: `children` is only touched while holding `lock`; the rest is immutable.
    let dir: String
    let confPath: String
    let vhost: String
    let store: NovaStore
    let conf: Config
    let transport: any Transport
    private let lock = NSLock()
    private var children: [String: ChildProcess] = [:]
    /// How each child was started (binary, arguments), so `restart` can start it again the same way.
    private var commands: [String: (binary: String, arguments: [String])] = [:]

    /// Starts one conductor and one scheduler, then each compute (`host` and extra CLI options). With
    /// `transportURL` the stack uses that broker as it is (no vhost of its own on the shared one).
    static func start(computes: [(host: String, options: [String])], extraConf: String = "", control: Bool = true,
                      transportURL: String? = nil) async throws -> ServiceStack
    {
        let vhost = transportURL == nil ? try await TestBroker.newVhost("stack") : ""
        let dir = NSTemporaryDirectory() + "stack-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let confPath = dir + "/nova.conf"
        let text = """
            [DEFAULT]
            transport_url = \(transportURL ?? TestBroker.url(vhost: vhost))
            report_interval = 1
            service_down_time = 4
            rpc_response_timeout = 30
            periodic_fuzzy_delay = 0
            \(extraConf)
            [database]
            connection = sqlite:///\(dir)/nova.sqlite
            [scheduler]
            max_attempts = 3

            """
        try text.write(toFile: confPath, atomically: true, encoding: .utf8)
        let conf = try Config(definitions: NovaOptions.all, files: [confPath], configDir: nil, cli: [])
        let db = try await Database.open(conf[DatabaseOptions.connection])
        _ = try await SchemaMigrator(database: db).sync()
        let stack = ServiceStack(dir: dir, confPath: confPath, vhost: vhost, store: NovaStore(database: db),
                                 conf: conf, transport: try TransportFactory.make(conf: conf))
        if control {
            try stack.spawn("nova-conductor", tag: "conductor")
            try stack.spawn("nova-scheduler", tag: "scheduler")
        }
        for c in computes { try stack.spawn("nova-compute", tag: c.host, ["--host", c.host] + c.options) }
        try await stack.waitForComputeNodes(computes.map(\.host))
        return stack
    }

    private init(dir: String, confPath: String, vhost: String, store: NovaStore, conf: Config,
                 transport: any Transport) {
        self.dir = dir
        self.confPath = confPath
        self.vhost = vhost
        self.store = store
        self.conf = conf
        self.transport = transport
    }

    func spawn(_ binary: String, tag: String, _ args: [String] = []) throws {
        let arguments = ["--config-file", confPath, "--log_file", "\(dir)/\(tag).log"] + args
        let child = try ChildProcess(binary, arguments)
        lock.withLock {
            children[tag] = child
            commands[tag] = (binary, arguments)
        }
    }

    /// What systemd's Restart=on-failure does after a crash: the child `tag` is killed with `signal`
    /// (SIGKILL: no clean-up of any kind), and after `delay` (RestartSec) started again as before.
    func restart(_ tag: String, signal: Int32 = SIGKILL, delay: Duration = .milliseconds(500)) async throws {
        let (child, command) = lock.withLock { (children[tag], commands[tag]) }
        guard let child, let command else { throw ChildProcessError("no child \(tag) to restart") }
        child.signal(signal)
        child.signal(SIGCONT)  // a stopped child acts on SIGTERM only once continued
        guard await child.exitStatus(within: 30) != nil else { throw ChildProcessError("\(tag) did not die") }
        try await Task.sleep(for: delay)
        let again = try ChildProcess(command.binary, command.arguments)
        lock.withLock { children[tag] = again }
    }

    /// Runs `arguments` exactly (a unit's ExecStart) as the child `tag`, with `environment` added.
    func spawnRaw(_ binary: String, tag: String, _ arguments: [String], environment: [String: String]) throws {
        let child = try ChildProcess(binary, arguments, environment: environment)
        lock.withLock { children[tag] = child }
    }

    func child(_ tag: String) -> ChildProcess? { lock.withLock { children[tag] } }

    func log(_ tag: String) -> String { (try? String(contentsOfFile: "\(dir)/\(tag).log", encoding: .utf8)) ?? "" }

    /// Every compute reported its node (init_host is over) and its service row is there.
    func waitForComputeNodes(_ hosts: [String]) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let nodes = Set(try await store.computeNodes().map(\.host))
            if Set(hosts).isSubset(of: nodes) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ChildProcessError("computes \(hosts) did not report their nodes; logs:\n"
            + hosts.map { log($0) }.joined(separator: "\n"))
    }

    /// What nova-api does for a boot: the instance row, its request spec, and the cast to the conductor.
    func boot(name: String = "vm", vcpus: Int = 1, ram: Int = 512, disk: Int = 1) async throws -> Instance {
        var f = Flavor()
        f.flavorID = "t\(vcpus)-\(ram)-\(disk)"
        f.name = f.flavorID
        f.vcpus = vcpus
        f.memoryMB = ram
        f.rootGB = disk
        f.ephemeralGB = 0
        f.swap = 0
        f.rxtxFactor = 1
        f.isPublic = true
        f.disabled = false
        var i = Instance()
        i.uuid = UUID().uuidString.lowercased()
        i.projectID = "demo"
        i.userID = "demo"
        i.displayName = name
        i.vmState = .building
        i.taskState = .scheduling
        i.powerStateValue = .noState
        i.vcpus = vcpus
        i.memoryMB = ram
        i.rootGB = disk
        i.flavor = f
        let stored = try await store.createInstance(i)
        var spec = RequestSpec()
        spec.flavor = f
        spec.instanceUUID = stored.uuid
        spec.projectID = "demo"
        spec.userID = "demo"
        spec.numInstances = 1
        _ = try await store.saveRequestSpec(spec)
        let ctx = RequestContext(userId: "demo", projectId: "demo")
        _ = try await store.actionStart(instanceUUID: stored.uuid, action: "create", requestID: ctx.requestId,
                                        userID: "demo", projectID: "demo")
        try await ComputeTaskAPI(conf: conf, transport: transport)
            .scheduleAndBuildInstances(ctx, requestSpecs: [spec], instanceUUIDs: [stored.uuid])
        return stored
    }

    /// The instance once it has left BUILD (or as it is after `seconds`).
    func settled(_ uuid: String, within seconds: Int = 30) async throws -> Instance {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var i = try await store.instance(uuid: uuid, withFault: true)
        while i.vmState == .building && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            i = try await store.instance(uuid: uuid, withFault: true)
        }
        return i
    }

    /// Polls `condition` until it holds or `seconds` pass; returns whether it held.
    func eventually(within seconds: Int = 30, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    /// Total allocated amount of `resourceClass` over every node.
    func used(_ resourceClass: ResourceClass) async throws -> Int {
        try await store.nodeUsages().reduce(0) { $0 + ($1.used[resourceClass.rawValue] ?? 0) }
    }

    /// (event, result) of every action event of the instance.
    func events(_ uuid: String) async throws -> [(String, String)] {
        var out: [(String, String)] = []
        for a in try await store.actions(instanceUUID: uuid) {
            for e in try await store.events(actionID: a.id) { out.append((e.event ?? "", e.result ?? "")) }
        }
        return out
    }

    func stop() async {
        let all = lock.withLock { Array(children.values) }
        for c in all { c.signal(SIGCONT); c.signal(SIGTERM) }
        for c in all { _ = await c.exitStatus(within: 30) }
        await transport.shutdown()
        store.close()
        if !vhost.isEmpty { await TestBroker.removeVhost(vhost) }
        if ProcessInfo.processInfo.environment["NOVA_KEEP_STACK"] == nil { try? FileManager.default.removeItem(atPath: dir) }
    }

    /// Runs `body` on a started stack and always stops it.
    static func with<T>(computes: [(host: String, options: [String])], extraConf: String = "", control: Bool = true,
                        transportURL: String? = nil, _ body: (ServiceStack) async throws -> T) async throws -> T {
        let stack = try await start(computes: computes, extraConf: extraConf, control: control,
                                    transportURL: transportURL)
        do {
            let r = try await body(stack)
            await stack.stop()
            return r
        } catch {
            await stack.stop()
            throw error
        }
    }
}
