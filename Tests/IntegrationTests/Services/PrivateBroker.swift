import Foundation
import NovaTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A RabbitMQ node of one test's own (own node name, port, mnesia and log directories under a temporary
/// directory), so the test can stop and start the broker without touching the loopback one everyone shares.
/// rabbitmq-server runs as the `rabbitmq` user (its wrapper switches to it), so this needs root, as
/// scripts/lib/deps.sh's ensure_rabbitmq does.
final class PrivateBroker: Sendable {
    let dir: String
    let node: String
    let port: Int

    var url: String { "rabbit://guest:guest@127.0.0.1:\(port)/" }

    private init(dir: String, node: String, port: Int) {
        self.dir = dir
        self.node = node
        self.port = port
    }

    /// The environment rabbitmq-server and rabbitmqctl need to find this node.
    private var env: String {
        "export RABBITMQ_NODENAME='\(node)' RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=\(port) "
            + "RABBITMQ_MNESIA_BASE='\(dir)/mnesia' RABBITMQ_LOG_BASE='\(dir)/log' "
            + "RABBITMQ_ENABLED_PLUGINS_FILE='\(dir)/enabled_plugins' RABBITMQ_PID_FILE='\(dir)/pid' "
            + "RABBITMQ_CONFIG_FILES='\(dir)/conf.d';"
    }

    /// Starts a fresh node and waits until it accepts AMQP connections (up to 60 s).
    static func start() async throws -> PrivateBroker {
        try await TestBroker.ensureRunning()  // installs rabbitmq-server when missing
        guard getuid() == 0 else {
            throw ChildProcessError("a private RabbitMQ node needs root (rabbitmq-server switches to user rabbitmq)")
        }
        let dir = NSTemporaryDirectory() + "rabbit-\(UUID().uuidString.prefix(8).lowercased())"
        let id = UUID().uuidString.prefix(8).lowercased()
        // Erlang distribution listens on the AMQP port + 20000: both must be free and below 65536.
        var port = ServiceStack.freePort(in: 20_000...45_000)
        for _ in 0..<50 where ServiceStack.bindable(port + 20_000) == nil {
            port = ServiceStack.freePort(in: 20_000...45_000)
        }
        let broker = PrivateBroker(dir: dir, node: "crash-\(id)@localhost", port: port)
        let (rc, out) = await TestSupport.shellAsync("""
            set -e; . scripts/lib/deps.sh; mkdir -p '\(dir)/conf.d'; echo '[].' > '\(dir)/enabled_plugins'
            chown -R rabbitmq:rabbitmq '\(dir)'; chmod 755 '\(dir)'
            \(broker.env) without_inherited_fds rabbitmq-server -detached </dev/null > '\(dir)/start.out' 2>&1
            """)
        guard rc == 0 else { throw ChildProcessError("rabbitmq-server -detached failed: \(out)") }
        guard await broker.waitUp(seconds: 60) else {
            await broker.stop()
            throw ChildProcessError("private RabbitMQ node \(broker.node) did not listen on \(port)")
        }
        return broker
    }

    func waitUp(seconds: Int) async -> Bool {
        let (rc, _) = await TestSupport.shellAsync(
            "for i in $(seq 1 \(seconds * 10)); do (exec 3<>/dev/tcp/127.0.0.1/\(port)) 2>/dev/null && exit 0; "
                + "sleep 0.1; done; exit 1")
        return rc == 0
    }

    /// `rabbitmqctl <command>` on this node: (status, output).
    @discardableResult
    func ctl(_ command: String) async -> (Int32, String) {
        await TestSupport.shellAsync("\(env) rabbitmqctl -n '\(node)' \(command) 2>&1")
    }

    /// Stops the node and removes its files.
    func stop() async {
        await ctl("stop")
        _ = await TestSupport.shellAsync("rm -rf '\(dir)'")
    }
}
