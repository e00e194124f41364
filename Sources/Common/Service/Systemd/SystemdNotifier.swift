import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// sd_notify(3) without libsystemd: state lines sent as one datagram to the unix socket in `$NOTIFY_SOCKET`.
/// With the variable unset every call is a no-op, so services need not know whether systemd runs them.
public struct SystemdNotifier: Sendable {
    /// The socket address as systemd gave it (`/run/systemd/notify`, or `@name` for an abstract socket).
    public let socketPath: String?
    /// `WATCHDOG_USEC` when the watchdog is on for this process; `WATCHDOG=1` is due at half of it.
    public let watchdogTimeout: Duration?

    private static let log = Logger("nova.service.systemd")

    /// Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` (a watchdog meant for another pid is ignored).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, pid: Int32 = getpid()) {
        let path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        socketPath = path
        var watchdog: Duration?
        if path != nil, let raw = environment["WATCHDOG_USEC"], let usec = Int64(raw), usec > 0 {
            let forUs = environment["WATCHDOG_PID"].map { Int32($0) == pid } ?? true
            if forUs { watchdog = .microseconds(usec) }
        }
        watchdogTimeout = watchdog
    }

    /// A notifier that never sends anything.
    public static let disabled = SystemdNotifier(environment: [:])

    public var isEnabled: Bool { socketPath != nil }

    /// How often `WATCHDOG=1` must be sent: half of `WATCHDOG_USEC`, as sd_watchdog_enabled(3) advises.
    public var watchdogInterval: Duration? { watchdogTimeout.map { $0 / 2 } }

    /// Sends `state` (newline-separated `KEY=value` lines). Returns false when notification is off.
    @discardableResult
    public func send(_ state: String) throws(SystemdNotifyError) -> Bool {
        guard let path = socketPath else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemdNotifyError(socketPath: path, step: "socket", errno: errno) }
        defer { close(fd) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(path.utf8)
        let abstract = pathBytes.first == UInt8(ascii: "@")
        if abstract { pathBytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: addr.sun_path)
        // A filesystem path needs room for its terminating NUL; an abstract name is exactly its bytes.
        guard pathBytes.count + (abstract ? 0 : 1) <= capacity, pathBytes.count > (abstract ? 1 : 0) else {
            throw SystemdNotifyError(socketPath: path, step: "address", errno: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
        }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + pathBytes.count + (abstract ? 0 : 1))
        let payload = Array(state.utf8)
        let sent = withUnsafePointer(to: &addr) { ap in
            ap.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                payload.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), sa, length) }
            }
        }
        guard sent == payload.count else {
            throw SystemdNotifyError(socketPath: path, step: "sendto", errno: sent < 0 ? errno : EMSGSIZE)
        }
        return true
    }

    /// Sends and logs a failure instead of throwing: losing a notification must not stop a service.
    @discardableResult
    public func notify(_ state: String) -> Bool {
        do { return try send(state) } catch {
            Self.log.warning("systemd notification \(state.split(separator: "\n").first ?? "") failed: \(error)")
            return false
        }
    }

    /// `READY=1`, with an optional human-readable status.
    @discardableResult
    public func ready(status: String? = nil) -> Bool { notify(Self.lines("READY=1", status: status)) }

    /// `STOPPING=1`: the service is shutting down.
    @discardableResult
    public func stopping(status: String? = nil) -> Bool { notify(Self.lines("STOPPING=1", status: status)) }

    /// `RELOADING=1` with `MONOTONIC_USEC` (what Type=notify-reload expects); `ready()` ends the reload.
    @discardableResult
    public func reloading(status: String? = nil) -> Bool {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        let usec = Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
        return notify(Self.lines("RELOADING=1\nMONOTONIC_USEC=\(usec)", status: status))
    }

    /// `WATCHDOG=1`: still alive.
    @discardableResult
    public func watchdog() -> Bool { notify("WATCHDOG=1") }

    /// `STATUS=...` alone.
    @discardableResult
    public func status(_ text: String) -> Bool { notify("STATUS=" + Self.oneLine(text)) }

    private static func lines(_ head: String, status: String?) -> String {
        guard let status else { return head }
        return head + "\nSTATUS=" + oneLine(status)
    }

    /// A status is one line of the protocol: newlines inside it would start a new field.
    private static func oneLine(_ s: String) -> String { s.replacingOccurrences(of: "\n", with: " ") }
}

/// A notification that could not be delivered (bad address, socket gone, message too large).
public struct SystemdNotifyError: Error, Sendable, CustomStringConvertible {
    public let socketPath: String
    public let step: String
    public let errno: Int32
    public var description: String {
        "cannot notify \(socketPath) (\(step)): \(String(cString: strerror(errno)))"
    }
}
