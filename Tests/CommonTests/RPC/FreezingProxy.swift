import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP proxy on 127.0.0.1 in front of the broker whose connections can be frozen: both directions stop
/// forwarding while the sockets stay open, as a link that went down. Connections made after `freeze()`
/// forward normally, as the link would after it came back.
final class FreezingProxy: @unchecked Sendable {
    // @unchecked: `frozenBelow`, `accepted`, `fds` and `closed` are only touched while holding `lock`;
    // `listenFD` and `port` never change after init.
    let port: UInt16
    private let upstreamPort: UInt16
    private let listenFD: Int32
    private let lock = NSLock()
    private var frozenBelow = 0
    private var acceptedCount = 0
    private var fds: [Int32] = []
    private var closed = false

    struct SetupError: Error {}

    init(upstreamPort: UInt16 = 5672) throws {
        self.upstreamPort = upstreamPort
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = Self.loopback(port: 0)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(fd, sa, len) == 0 && listen(fd, 16) == 0 && getsockname(fd, sa, &len) == 0
            }
        }
        guard ok else {
            close(fd)
            throw SetupError()
        }
        listenFD = fd
        port = UInt16(bigEndian: addr.sin_port)
        let t = Thread { [self] in acceptLoop() }
        t.start()
    }

    /// Connections accepted so far (each AMQP connection of a transport is one).
    var accepted: Int { lock.withLock { acceptedCount } }

    /// Every connection open now stops forwarding, for good.
    func freeze() { lock.withLock { frozenBelow = acceptedCount } }

    /// Stops forwarding and closes everything. The descriptors are shut down first and closed only once the
    /// threads (which poll with short timeouts) have seen the flag, so none of them touches a reused number.
    func shutdown() {
        let all = lock.withLock { () -> [Int32] in
            closed = true
            return fds
        }
        for fd in all { Glibc.shutdown(fd, Int32(SHUT_RDWR)) }
        usleep(400_000)
        for fd in all { close(fd) }
        close(listenFD)
    }

    private var isClosed: Bool { lock.withLock { closed } }
    private func isFrozen(_ n: Int) -> Bool { lock.withLock { n < frozenBelow } }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_addr.s_addr = inet_addr("127.0.0.1")
        a.sin_port = port.bigEndian
        return a
    }

    private func acceptLoop() {
        while !isClosed {
            var p = pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 100) > 0 else { continue }
            let client = accept(listenFD, nil, nil)
            guard client >= 0 else { continue }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var addr = Self.loopback(port: upstreamPort)
            let rc = withUnsafePointer(to: &addr) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard rc == 0 else {
                close(client)
                close(upstream)
                continue
            }
            let n = lock.withLock { () -> Int in
                fds += [client, upstream]
                acceptedCount += 1
                return acceptedCount - 1
            }
            Thread { [self] in pump(client, upstream, n) }.start()
            Thread { [self] in pump(upstream, client, n) }.start()
        }
    }

    /// Copies `src` to `dst` until either end closes; while frozen it reads nothing, so the sender's bytes
    /// sit in the kernel's buffers and the peer hears nothing.
    private func pump(_ src: Int32, _ dst: Int32, _ n: Int) {
        var buf = [UInt8](repeating: 0, count: 65_536)
        while !isClosed {
            if isFrozen(n) {
                usleep(50_000)
                continue
            }
            var p = pollfd(fd: src, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 100) > 0, !isFrozen(n) else { continue }
            let got = read(src, &buf, buf.count)
            guard got > 0 else { break }
            var off = 0
            while off < got {
                let w = buf.withUnsafeBytes { write(dst, $0.baseAddress! + off, got - off) }
                guard w > 0 else { return }
                off += w
            }
        }
        if !isClosed { Glibc.shutdown(dst, Int32(SHUT_WR)) }
    }
}
