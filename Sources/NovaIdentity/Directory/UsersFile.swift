import Common
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads and safely rewrites `[identity] users_file`. Writers (nova-manage) hold an exclusive `flock`
/// on `<file>.lock` around read-modify-write and replace the file by rename, so readers (every nova-api
/// worker) always see a whole file, and two concurrent edits never lose one another.
public struct UsersFile: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// The file's identity for change detection: nova-manage's rename gives a new inode.
    public struct Stamp: Sendable, Equatable {
        let inode: UInt64
        let size: Int64
        let modified: Int64
    }

    public func stamp() -> Stamp? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Stamp(
            inode: UInt64(st.st_ino), size: Int64(st.st_size),
            modified: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec))
    }

    public var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// The directory the file describes; a missing file is an error (nova-api reports it).
    public func load() throws(UsersFileError) -> IdentityDirectory {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw UsersFileError(
                path: path, reason: exists ? "cannot be read (\(error.localizedDescription))" : "does not exist")
        }
        let json: JSONValue
        do { json = try JSONValue.parse([UInt8](data)) } catch {
            throw UsersFileError(path: path, reason: "is not valid JSON: \(error)")
        }
        do { return try IdentityDirectory(json: json) } catch {
            throw UsersFileError(path: path, reason: error.reason)
        }
    }

    /// Read-modify-write under the lock; a missing file starts as an empty directory. The file is written
    /// 0600 (it holds password hashes) and replaced atomically. Returns what `change` returned.
    @discardableResult
    public func edit<T>(_ change: (inout IdentityDirectory) throws -> T) throws -> T {
        let lockPath = path + ".lock"
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        let lockFD = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lockFD >= 0 else {
            throw UsersFileError(path: path, reason: "cannot open the lock file \(lockPath): \(errnoText())")
        }
        defer { close(lockFD) }
        guard flock(lockFD, LOCK_EX) == 0 else {
            throw UsersFileError(path: path, reason: "cannot lock \(lockPath): \(errnoText())")
        }
        defer { _ = flock(lockFD, LOCK_UN) }
        var directory = exists ? try load() : IdentityDirectory()
        let result = try change(&directory)
        do { try directory.validateReferences() } catch { throw UsersFileError(path: path, reason: error.reason) }
        try write(directory.fileText)
        return result
    }

    /// Writes `text` to a temporary file beside the target (0600, fsync'd) and renames it into place.
    func write(_ text: String) throws(UsersFileError) {
        let tmp = path + ".tmp.\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw UsersFileError(path: path, reason: "cannot create \(tmp): \(errnoText())") }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let reason = errnoText()
                close(fd)
                unlink(tmp)
                throw UsersFileError(path: path, reason: "cannot write \(tmp): \(reason)")
            }
            written += n
        }
        let synced = fsync(fd) == 0
        close(fd)
        guard synced, rename(tmp, path) == 0 else {
            let reason = errnoText()
            unlink(tmp)
            throw UsersFileError(path: path, reason: "cannot replace the file: \(reason)")
        }
    }

    private func errnoText() -> String { String(cString: strerror(errno)) }
}
