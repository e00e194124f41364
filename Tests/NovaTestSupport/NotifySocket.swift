import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A unix datagram socket standing in for systemd's notify socket: a filesystem path or an abstract name.
public final class NotifySocket: @unchecked Sendable {
    // @unchecked: `fd` and `address` never change; reads happen from one test at a time.
    public let fd: Int32
    /// The value for `NOTIFY_SOCKET` (`@name` when abstract).
    public let address: String
    private let path: String?

    public init(abstract: Bool = false) {
        let name = "mini-nova-notify-\(UUID().uuidString.prefix(8))"
        let raw = abstract ? "\0" + name : NSTemporaryDirectory() + "/" + name + ".sock"
        address = abstract ? "@" + name : raw
        path = abstract ? nil : raw
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(raw.utf8)
        withUnsafeMutableBytes(of: &addr.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count + (abstract ? 0 : 1))
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        precondition(fd >= 0 && rc == 0, "cannot bind test notify socket: \(String(cString: strerror(errno)))")
    }

    deinit {
        close(fd)
        if let path { unlink(path) }
    }

    /// The next datagram, waiting at most `seconds` (polling without blocking the cooperative pool).
    public func receive(within seconds: Double = 20) async -> String? {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if n >= 0 { return String(decoding: buf[0..<n], as: UTF8.self) }
            if ContinuousClock.now > deadline { return nil }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Datagrams until one starts with `prefix` (included), or nil when none comes in time.
    public func receive(until prefix: String, within seconds: Double = 20) async -> [String]? {
        var got: [String] = []
        while let m = await receive(within: seconds) {
            got.append(m)
            if m.hasPrefix(prefix) { return got }
        }
        return nil
    }
}
