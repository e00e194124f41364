import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `[identity] token_key_file`: hex HMAC keys, one per line (`#` comments allowed), the first signing.
/// Created on first use with one fresh 256-bit key, mode 0600, atomically (link of a complete temporary
/// file), so workers starting together agree on one key. A file others can read is refused.
public struct TokenKeyFile: Sendable {
    public let path: String
    public static let keyLength = 32

    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    public init(path: String) { self.path = path }

    public func loadOrCreate() throws(Problem) -> [[UInt8]] {
        if access(path, F_OK) != 0 { try create() }
        return try load()
    }

    public func load() throws(Problem) -> [[UInt8]] {
        var st = stat()
        guard stat(path, &st) == 0 else { throw Problem(description: "token key file \(path): \(errnoText())") }
        guard st.st_mode & 0o077 == 0 else {
            throw Problem(
                description: "token key file \(path) is accessible to group or others (mode "
                    + String(st.st_mode & 0o777, radix: 8) + "); run chmod 600 on it")
        }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw Problem(description: "token key file \(path) cannot be read: \(error.localizedDescription)")
        }
        var keys: [[UInt8]] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let key = Hex.decode(line), key.count >= Self.keyLength else {
                throw Problem(
                    description: "token key file \(path), line \(n + 1): a key is at least \(Self.keyLength * 2) "
                        + "hex digits")
            }
            keys.append(key)
        }
        guard !keys.isEmpty else { throw Problem(description: "token key file \(path) holds no key") }
        return keys
    }

    func create() throws(Problem) {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty {
            try? FileManager.default.createDirectory(
                atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let key: [UInt8]
        do { key = try SecureRandom.bytes(Self.keyLength) } catch { throw Problem(description: error.description) }
        // A name no other creator (process or thread) uses.
        let tmp = path + ".new." + Hex.encode((try? SecureRandom.bytes(8)) ?? []) + ".\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Problem(description: "cannot create the token key file \(tmp): \(errnoText())") }
        let bytes = Array((Hex.encode(key) + "\n").utf8)
        let ok = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) } == bytes.count && fsync(fd) == 0
        close(fd)
        defer { unlink(tmp) }
        guard ok else { throw Problem(description: "cannot write the token key file \(tmp): \(errnoText())") }
        // link() fails if another worker created the file first: theirs stands, ours is dropped.
        if link(tmp, path) != 0 && errno != EEXIST {
            throw Problem(description: "cannot create the token key file \(path): \(errnoText())")
        }
    }

    private func errnoText() -> String { String(cString: strerror(errno)) }
}
