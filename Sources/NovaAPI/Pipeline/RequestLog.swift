import Foundation

/// The request log line of Nova's `RequestLog` middleware:
/// `127.0.0.1 "GET /v2.1/servers" status: 200 len: 15 microversion: 2.1 time: 0.012345`.
public enum RequestLog {
    public static let loggerName = "nova.api.openstack.requestlog"

    public static func line(
        remoteAddress: String, method: String, target: String, status: Int, length: Int,
        microversion: Microversion?, seconds: Double
    ) -> String {
        "\(clientAddress(remoteAddress)) \"\(method) \(target)\" status: \(status) len: \(length) "
            + "microversion: \(microversion.map { "\($0)" } ?? "-") time: \(String(format: "%.6f", seconds))"
    }

    /// The peer's address without its port (WSGI's REMOTE_ADDR), `-` when unknown.
    static func clientAddress(_ peer: String) -> String {
        if peer.isEmpty { return "-" }
        if peer.hasPrefix("["), let close = peer.firstIndex(of: "]") {
            return String(peer[peer.index(after: peer.startIndex)..<close])
        }
        let colons = peer.filter { $0 == ":" }.count
        if colons == 1, let c = peer.firstIndex(of: ":") { return String(peer[..<c]) }
        return peer
    }
}
