import Common
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The worker processes run in the parent's service group: started with it, stopped (SIGTERM, reaped)
/// when it stops.
extension APIWorkerProcesses: LifecycleService {
    /// Sends `signal` to every live worker (SIGHUP: re-read the config).
    public func signal(_ signal: Int32) {
        for pid in processIDs.values { kill(pid, signal) }
    }
}
