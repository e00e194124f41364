import Foundation
import Testing

@testable import NovaAPI

#if canImport(Glibc)
    import Glibc
#endif

/// Runs blocking socket calls on a thread of their own, so test clients never hold the cooperative
/// pool the server's handler tasks need.
func blocking<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.start()
    }
}

struct ClientError: Error, CustomStringConvertible {
    let description: String
}

/// A response as a test client reads it off the wire.
struct WireResponse: Sendable {
    var status: Int
    var reason: String
    var headers: HTTPHeaders
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A raw HTTP client over one blocking loopback socket, with a receive timeout so no test can hang.
final class TestHTTPClient: @unchecked Sendable {
    // @unchecked: each client is used by one test task at a time; calls run one after another.
    let fd: Int32
    private var buffer: [UInt8] = []

    private init(fd: Int32) { self.fd = fd }

    deinit { Glibc.close(fd) }

    static func connect(port: Int, host: String = "127.0.0.1", timeout: Int = 10) async throws -> TestHTTPClient {
        let fd: Int32 = await blocking {
            var v4 = sockaddr_in()
            var v6 = sockaddr_in6()
            let isV6 = inet_pton(AF_INET6, host, &v6.sin6_addr) == 1
            let fd = socket(isV6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var tv = timeval(tv_sec: timeout, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            let ok: Int32
            if isV6 {
                v6.sin6_family = sa_family_t(AF_INET6)
                v6.sin6_port = in_port_t(UInt16(port).bigEndian)
                ok = withUnsafePointer(to: &v6) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                    }
                }
            } else {
                v4.sin_family = sa_family_t(AF_INET)
                v4.sin_port = in_port_t(UInt16(port).bigEndian)
                v4.sin_addr.s_addr = inet_addr(host)
                ok = withUnsafePointer(to: &v4) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
            if ok != 0 {
                Glibc.close(fd)
                return -1
            }
            return fd
        }
        guard fd >= 0 else { throw ClientError(description: "connect to \(host) port \(port) failed") }
        return TestHTTPClient(fd: fd)
    }

    func send(_ text: String) async throws { try await send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) async throws {
        let fd = self.fd
        let sent: Bool = await blocking {
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes {
                    Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                }
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        if !sent { throw ClientError(description: "send failed: \(String(cString: strerror(errno)))") }
    }

    /// Shuts the sending side (the server sees end of input).
    func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// Hangs up both ways, as a client does once it has its answer.
    func hangUp() { shutdown(fd, Int32(SHUT_RDWR)) }

    /// Reads more bytes; false at end of input, on a reset, or past the receive timeout.
    private func fill() async -> Bool {
        let fd = self.fd
        let chunk: [UInt8]? = await blocking {
            var tmp = [UInt8](repeating: 0, count: 65_536)
            let n = tmp.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
            return n > 0 ? Array(tmp[0..<n]) : nil
        }
        guard let chunk else { return false }
        buffer += chunk
        return true
    }

    private func takeLine() async throws -> String {
        while true {
            if let lf = buffer.firstIndex(of: 10) {
                var line = Array(buffer[..<lf])
                if line.last == 13 { line.removeLast() }
                buffer.removeFirst(lf + 1)
                return String(decoding: line, as: UTF8.self)
            }
            guard await fill() else { throw ClientError(description: "connection ended inside a response head") }
        }
    }

    /// The next response (interim 1xx ones included); for HEAD pass `bodyless` so no body is awaited.
    func readResponse(bodyless: Bool = false) async throws -> WireResponse {
        let statusLine = try await takeLine()
        let parts = statusLine.split(separator: " ", maxSplits: 2).map(String.init)
        guard parts.count >= 2, parts[0] == "HTTP/1.1", let status = Int(parts[1]) else {
            throw ClientError(description: "bad status line \(statusLine.debugDescription)")
        }
        var headers = HTTPHeaders()
        while true {
            let line = try await takeLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { throw ClientError(description: "bad header \(line)") }
            headers.add(String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var response = WireResponse(
            status: status, reason: parts.count > 2 ? parts[2] : "", headers: headers, body: [])
        if bodyless || status < 200 || status == 204 || status == 304 { return response }
        let length = Int(headers["Content-Length"] ?? "") ?? 0
        while buffer.count < length {
            guard await fill() else { throw ClientError(description: "connection ended inside a body") }
        }
        response.body = Array(buffer[..<length])
        buffer.removeFirst(length)
        return response
    }

    /// Everything the server sends until it closes the connection (or the receive timeout).
    func readToEnd() async -> [UInt8] {
        while await fill() {}
        defer { buffer = [] }
        return buffer
    }

    /// Whether the server closes the connection (end of input or reset) before the receive timeout,
    /// discarding anything it sends first.
    func waitForClose() async -> Bool {
        let fd = self.fd
        return await blocking {
            var tmp = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = tmp.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
                if n > 0 { continue }
                if n == 0 { return true }
                return errno == ECONNRESET
            }
        }
    }

    /// Sends a request and reads its response.
    func request(_ method: String, _ target: String, headers: [(String, String)] = [], body: String = "")
        async throws -> WireResponse
    {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: test\r\n"
        for (n, v) in headers { text += "\(n): \(v)\r\n" }
        if !body.isEmpty { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + body
        try await send(text)
        return try await readResponse(bodyless: method == "HEAD")
    }
}
