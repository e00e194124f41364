import Foundation
import NovaIdentity

/// The users file as nova-api sees it: loaded once, swapped whole on `reload()` (SIGHUP) and, at most
/// once a second, when the file was replaced (nova-manage renames a new file into place). A file that
/// fails to load leaves the previous directory in force.
final class DirectorySource: @unchecked Sendable {
    // @unchecked: `current`, `stamp` and `lastCheck` are only touched under `lock`; `file` is immutable.
    let file: UsersFile
    /// Told when a change noticed on the way (not a `reload()` call) does not load.
    let onProblem: @Sendable (String) -> Void
    private let lock = NSLock()
    private var current = IdentityDirectory()
    private var stamp: UsersFile.Stamp?
    private var lastCheck = Date.distantPast
    static let checkInterval: TimeInterval = 1

    /// Loads the file; a problem (missing, malformed) is returned for the operator, not thrown, so
    /// nova-api still serves (with nobody able to sign in) and picks up a fixed file later.
    init(file: UsersFile, onProblem: @escaping @Sendable (String) -> Void = { _ in }) {
        self.file = file
        self.onProblem = onProblem
    }

    /// Re-reads the file now. nil when it loaded; else the problem, and the previous directory stays.
    @discardableResult
    func reload() -> String? {
        let newStamp = file.stamp()
        let loaded: IdentityDirectory
        do { loaded = try file.load() } catch {
            lock.withLock {
                stamp = newStamp
                lastCheck = Date()
            }
            return error.description
        }
        lock.withLock {
            current = loaded
            stamp = newStamp
            lastCheck = Date()
        }
        return nil
    }

    /// The directory in force, re-read first if the file changed and the last check is a second old.
    func directory(now: Date = Date()) -> IdentityDirectory {
        let due = lock.withLock { now.timeIntervalSince(lastCheck) >= Self.checkInterval }
        if due {
            let fresh = file.stamp()
            let changed = lock.withLock { () -> Bool in
                lastCheck = now
                return fresh != stamp
            }
            if changed, let problem = reload() { onProblem(problem + "; the previous users stay in force") }
        }
        return lock.withLock { current }
    }
}
