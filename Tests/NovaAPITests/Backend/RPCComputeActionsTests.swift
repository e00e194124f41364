import Common
import Foundation
import Testing

@testable import NovaAPI

/// Records which RPC methods reached a fake service, with the instance each named.
final class MethodLog: @unchecked Sendable {
    // @unchecked: `entries` is only touched under `lock`.
    private let lock = NSLock()
    private var entries: [String] = []
    func add(_ s: String) { lock.withLock { entries.append(s) } }
    var all: [String] { lock.withLock { entries } }
}

struct FakeEndpoint: RPCEndpoint {
    let version: RPCVersion
    let namespace: String?
    let methods: [String: RPCMethod]

    init(version: RPCVersion, namespace: String? = nil, names: [String], log: MethodLog, tag: String) {
        self.version = version
        self.namespace = namespace
        var m: [String: RPCMethod] = [:]
        for name in names {
            m[name] = { _, args in
                let uuid =
                    args["instance"]?["nova_object.data"]?["uuid"]?.stringValue
                    ?? args["instance_uuids"]?.arrayValue?.first?.stringValue ?? "?"
                log.add("\(tag):\(name):\(uuid)")
                return name == "get_console_output" ? "console text" : .null
            }
        }
        methods = m
    }
}

@Suite("RPCComputeActions over the fake bus")
struct RPCComputeActionsTests {
    @Test("casts reach the conductor and the server's own compute; the console output is a call")
    func routing() async throws {
        let url = "fake:///api-actions-" + UUID().uuidString
        // Generous: under ThreadSanitizer on a busy 2-core machine a fake-bus call can take seconds.
        let conf = Config(definitions: NovaOptions.all, overrides: ["rpc_response_timeout": .int(30)])
        let log = MethodLog()
        let conductor = RPCServer(
            transport: try TransportFactory.make(url: url), topic: "conductor", server: "cond",
            endpoints: [
                FakeEndpoint(
                    version: RPCVersion(1, 0), namespace: "compute_task",
                    names: ["schedule_and_build_instances", "migrate_server", "rebuild_instance"], log: log,
                    tag: "conductor")
            ])
        let compute = RPCServer(
            transport: try TransportFactory.make(url: url), topic: "compute", server: "compute1",
            endpoints: [
                FakeEndpoint(
                    version: RPCVersion(6, 0),
                    names: [
                        "stop_instance", "terminate_instance", "reboot_instance", "get_console_output",
                        "confirm_resize",
                    ],
                    log: log, tag: "compute1")
            ])
        try await conductor.start()
        try await compute.start()
        let actions = RPCComputeActions(conf: conf, transport: try TransportFactory.make(url: url))
        var i = Instance()
        i.uuid = "11111111-2222-3333-4444-555555555555"
        i.host = "compute1"
        let ctx = RequestContext(userId: "demo", projectId: "demo")
        var spec = RequestSpec()
        spec.instanceUUID = i.uuid
        try await actions.scheduleAndBuild(
            ctx, requestSpecs: [spec], instances: [i], image: nil, adminPassword: nil, requestedNetworks: .null,
            tags: [])
        try await actions.stop(ctx, instance: i)
        try await actions.reboot(ctx, instance: i, type: "HARD")
        try await actions.migrate(ctx, instance: i, flavor: nil, host: nil, requestSpec: nil)
        var m = Migration()
        m.sourceCompute = "compute1"
        m.destCompute = "compute2"
        try await actions.confirmResize(ctx, instance: i, migration: m)
        #expect(try await actions.consoleOutput(ctx, instance: i, tailLength: 10) == "console text")
        let expected: Set<String> = [
            "conductor:schedule_and_build_instances:\(i.uuid)", "compute1:stop_instance:\(i.uuid)",
            "compute1:reboot_instance:\(i.uuid)", "conductor:migrate_server:\(i.uuid)",
            "compute1:confirm_resize:\(i.uuid)", "compute1:get_console_output:\(i.uuid)",
        ]
        let deadline = Date().addingTimeInterval(10)
        while Set(log.all) != expected && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(Set(log.all) == expected)
        await conductor.stop()
        await compute.stop()
    }
}
