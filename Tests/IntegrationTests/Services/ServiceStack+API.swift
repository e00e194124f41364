import Common
import Foundation
import NovaTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// nova-api in a `ServiceStack`: the catalog it needs (flavor `1`, one image) and the process itself, reached
/// with curl as any client would.
extension ServiceStack {
    static let imageID = "70a599e0-31e7-49b7-b260-868f441e862b"

    /// A loopback port nobody listens on right now (one the kernel picks, or one of `range`).
    static func freePort(in range: ClosedRange<Int>? = nil) -> Int {
        for _ in 0..<100 {
            let wanted = range.map { Int.random(in: $0) } ?? 0
            if let port = bindable(wanted) { return port }
        }
        return Int.random(in: range ?? 20_000...40_000)
    }

    /// The port a loopback socket bound to `port` (0: any) gets, or nil when it cannot bind.
    static func bindable(_ port: Int) -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(fd, sa, len) == 0 && getsockname(fd, sa, &len) == 0
            }
        }
        return ok ? Int(UInt16(bigEndian: addr.sin_port)) : nil
    }

    /// Config lines that make nova-api listen on `port` with one process (so a kill -9 takes it all down).
    static func apiConf(port: Int) -> String {
        "osapi_compute_listen = 127.0.0.1\nosapi_compute_listen_port = \(port)\nosapi_compute_workers = 1\n"
    }

    /// Seeds flavor `1` (1 vCPU, 512 MB, 1 GB) and the image with nova-manage, starts nova-api as the
    /// child `api` and waits until it answers on `port`.
    func startAPI(port: Int) async throws -> StackAPI {
        let manage: [[String]] = [
            ["flavor", "ensure", "--id", "1", "--name", "m1.tiny", "--vcpus", "1", "--ram", "512", "--disk", "1"],
            ["image", "ensure", "--id", Self.imageID, "--name", "cirros", "--disk-format", "qcow2",
             "--size", "21430272", "--min-disk", "0", "--min-ram", "0"],
        ]
        for args in manage {
            let p = try ChildProcess("nova-manage", ["--config-file", confPath] + args)
            guard await p.exitStatus(within: 30) == 0 else {
                throw ChildProcessError("nova-manage \(args.joined(separator: " ")) failed: \(p.stdout)\(p.stderr)")
            }
        }
        try spawn("nova-api", tag: "api")
        let api = StackAPI(port: port)
        guard try await eventually(within: 30, { await api.isUp() }) else {
            throw ChildProcessError("nova-api did not answer on port \(port); log:\n\(log("api"))")
        }
        return api
    }
}

/// The Compute API of a stack over HTTP (curl on a thread of its own; noauth2 tokens).
struct StackAPI: Sendable {
    let port: Int
    var base: String { "http://127.0.0.1:\(port)/v2.1" }

    /// Status (0 when no HTTP answer came: refused, reset, timed out) and the parsed body.
    func request(_ method: String, _ path: String, body: String? = nil, token: String = "demo:demo",
                 timeout: Int = 20) async -> (status: Int, body: JSONValue) {
        let file = NSTemporaryDirectory() + "api-\(UUID().uuidString.prefix(8))"
        defer { for f in [".in", ".body"] { unlink(file + f) } }
        var args = "-s -m \(timeout) -X \(method) -o '\(file).body' -w '%{http_code}' -H 'X-Auth-Token: \(token)'"
            + " -H 'OpenStack-API-Version: compute 2.37'"
        if let body {
            try? body.write(toFile: file + ".in", atomically: true, encoding: .utf8)
            args += " -H 'Content-Type: application/json' --data-binary '@\(file).in'"
        }
        let (rc, out) = await TestSupport.shellAsync("curl \(args) '\(base)\(path)'")
        let text = (try? String(contentsOfFile: file + ".body", encoding: .utf8)) ?? ""
        let status = rc == 0 ? Int(out.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 : 0
        return (status, (try? JSONValue.parse(text)) ?? .null)
    }

    func isUp() async -> Bool { await request("GET", "/flavors", timeout: 2).status == 200 }

    /// POST /servers of flavor 1: the status and, when the API accepted it (202), the new server's id.
    func boot(name: String) async -> (status: Int, id: String?, body: JSONValue) {
        let body = """
            {"server": {"name": "\(name)", "flavorRef": "1", "imageRef": "\(ServiceStack.imageID)", \
            "networks": "none"}}
            """
        let r = await request("POST", "/servers", body: body)
        return (r.status, r.status == 202 ? r.body["server"]?["id"]?.stringValue : nil, r.body)
    }

    /// Every server of every project (admin), as the detail view shows it; nil when the API did not answer.
    func allServers() async -> [JSONValue]? {
        let r = await request("GET", "/servers/detail?all_tenants=1&limit=1000", token: "admin:admin")
        return r.status == 200 ? r.body["servers"]?.arrayValue : nil
    }
}
