import Foundation

/// The RabbitMQ broker for tests: started when missing (scripts/lib/deps.sh), one fresh vhost per test
/// so tests running in parallel never see each other's queues.
public enum TestBroker {
    public struct SetupError: Error, CustomStringConvertible {
        public let description: String
    }

    private static let ensured: Result<Void, SetupError> = {
        let (rc, out) = TestSupport.shell(". scripts/lib/deps.sh; ensure_rabbitmq")
        return rc == 0 ? .success(()) : .failure(SetupError(description: "RabbitMQ not available: \(out)"))
    }()

    /// Makes sure a broker answers on 127.0.0.1:5672 (once per test process).
    public static func ensure() throws {
        try ensured.get()
    }

    /// A new vhost guest may use, named `test-<purpose>-<uuid>`.
    public static func makeVhost(_ purpose: String = "rpc") throws -> String {
        try ensure()
        let name = "test-\(purpose)-\(UUID().uuidString.prefix(8).lowercased())"
        let (rc, out) = TestSupport.shell(". scripts/lib/deps.sh; ensure_vhost '\(name)'")
        guard rc == 0 else { throw SetupError(description: "cannot create vhost \(name): \(out)") }
        return name
    }

    public static func deleteVhost(_ name: String) {
        TestSupport.shell("rabbitmqctl -n rabbit@localhost -q delete_vhost '\(name)' >/dev/null 2>&1")
    }

    /// Closes every client connection to `vhost` (as an operator or a broker restart would).
    @discardableResult
    public static func closeConnections(vhost: String) -> (Int32, String) {
        TestSupport.shell("rabbitmqctl -n rabbit@localhost -q close_all_connections --vhost '\(vhost)' 'test: broker "
            + "connection loss'")
    }

    private static let ensuredAsync = Task { await TestSupport.shellAsync(". scripts/lib/deps.sh; ensure_rabbitmq") }

    /// `ensure()` for async tests, without blocking the cooperative pool while RabbitMQ starts.
    public static func ensureRunning() async throws {
        let (rc, out) = await ensuredAsync.value
        guard rc == 0 else { throw SetupError(description: "RabbitMQ not available: \(out)") }
    }

    /// `makeVhost` for async tests: rabbitmqctl runs on a thread of its own.
    public static func newVhost(_ purpose: String = "rpc") async throws -> String {
        try await ensureRunning()
        let name = "test-\(purpose)-\(UUID().uuidString.prefix(8).lowercased())"
        let (rc, out) = await TestSupport.shellAsync(". scripts/lib/deps.sh; ensure_vhost '\(name)'")
        guard rc == 0 else { throw SetupError(description: "cannot create vhost \(name): \(out)") }
        return name
    }

    /// `deleteVhost` for async tests.
    public static func removeVhost(_ name: String) async {
        _ = await TestSupport.shellAsync("rabbitmqctl -n rabbit@localhost -q delete_vhost '\(name)' >/dev/null 2>&1")
    }

    /// `rabbit://guest:guest@127.0.0.1:5672/<vhost>`.
    public static func url(vhost: String) -> String {
        "rabbit://guest:guest@127.0.0.1:5672/"
            + (vhost.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? vhost)
    }
}
