import Foundation
import NovaTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The built `nova-api` run as a child process on a config file of the test's: output kept in files,
/// readiness heard on a notify socket the test owns, exit awaited with a bounded deadline.
final class NovaAPIChild: @unchecked Sendable {
    // @unchecked: `process` is started once in init; afterwards only its thread-safe accessors are used.
    let process = Process()
    let outputPath: String
    let notify = NotifyListener()

    static let executable = TestSupport.packageRoot + "/.build/debug/nova-api"

    init(configFile: String) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.executable) else {
            throw NovaAPIChildError(description: "\(Self.executable) is missing: run swift build --build-tests first")
        }
        outputPath = NSTemporaryDirectory() + "nova-api-\(UUID().uuidString.prefix(8)).log"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["--config-file", configFile]
        var env = ProcessInfo.processInfo.environment
        for k in ["WATCHDOG_USEC", "WATCHDOG_PID", "NOVA_API_WORKER"] { env[k] = nil }
        env["NOTIFY_SOCKET"] = notify.address
        process.environment = env
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        unlink(outputPath)
    }

    var pid: Int32 { process.processIdentifier }
    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

    /// The exit status, or nil (and the child killed) when it still runs after `seconds`.
    func exitStatus(within seconds: Double = 60) async -> Int32? {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while process.isRunning {
            if ContinuousClock.now > deadline {
                kill(process.processIdentifier, SIGKILL)
                return nil
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
    }

    /// The pids of this process's children (the API workers).
    var childPIDs: [Int32] {
        let dir = "/proc/\(pid)/task"
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return tasks.flatMap { t in
            ((try? String(contentsOfFile: "\(dir)/\(t)/children", encoding: .utf8)) ?? "")
                .split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
    }

    /// A port nobody listens on right now.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(fd, sa, len) == 0 && getsockname(fd, sa, &len) == 0
            }
        }
        return ok ? Int(UInt16(bigEndian: addr.sin_port)) : Int.random(in: 20_000...40_000)
    }

    /// `curl` on a thread of its own: the status, the response headers (names lowercased) and the body.
    static func request(
        _ method: String, _ url: String, headers: [String: String] = [:], body: String? = nil
    ) async -> (status: Int, headers: [String: String], body: String) {
        let base = NSTemporaryDirectory() + "curl-\(UUID().uuidString.prefix(8))"
        defer { for f in [".in", ".head", ".body"] { unlink(base + f) } }
        var args = "-s -m 20 -X \(method) -D '\(base).head' -o '\(base).body' -w '%{http_code}'"
        for (k, v) in headers { args += " -H '\(k): \(v)'" }
        if let body {
            try? body.write(toFile: base + ".in", atomically: true, encoding: .utf8)
            args += " -H 'Content-Type: application/json' --data-binary '@\(base).in'"
        }
        let (rc, out) = await TestSupport.shellAsync("curl \(args) '\(url)'")
        var parsed: [String: String] = [:]
        for line in ((try? String(contentsOfFile: base + ".head", encoding: .utf8)) ?? "").split(
            whereSeparator: \.isNewline)
        {
            guard let colon = line.firstIndex(of: ":") else { continue }
            parsed[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let text = (try? String(contentsOfFile: base + ".body", encoding: .utf8)) ?? ""
        return (rc == 0 ? Int(out) ?? 0 : 0, parsed, text)
    }

    /// `GET` with an optional token: the status and the body.
    static func get(_ url: String, token: String? = nil) async -> (status: Int, body: String) {
        let r = await request("GET", url, headers: token.map { ["X-Auth-Token": $0] } ?? [:])
        return (r.status, r.body)
    }
}

struct NovaAPIChildError: Error, CustomStringConvertible {
    let description: String
}

/// A unix datagram socket standing in for systemd's notify socket.
final class NotifyListener: @unchecked Sendable {
    // @unchecked: `fd` and `address` never change; one test reads at a time.
    let fd: Int32
    let address: String

    init() {
        address = NSTemporaryDirectory() + "nova-api-notify-\(UUID().uuidString.prefix(8)).sock"
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(address.utf8)
        withUnsafeMutableBytes(of: &addr.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count + 1)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        precondition(fd >= 0 && rc == 0, "cannot bind the test notify socket: \(String(cString: strerror(errno)))")
    }

    deinit {
        close(fd)
        unlink(address)
    }

    /// Datagrams until one contains `text` (returned with it), or nil when none comes within `seconds`.
    func wait(for text: String, within seconds: Double = 60) async -> [String]? {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var got: [String] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while ContinuousClock.now < deadline {
            let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if n >= 0 {
                let m = String(decoding: buf[0..<n], as: UTF8.self)
                got.append(m)
                if m.contains(text) { return got }
            } else {
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
        return nil
    }
}
