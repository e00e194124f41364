import Common
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The extra processes of `osapi_compute_workers > 1`, as oslo.service's launcher keeps them: the parent
/// starts copies of its own binary (marked by `NOVA_API_WORKER=<n>` in their environment) that bind the
/// same port with SO_REUSEPORT, restarts any that dies, and on stop sends SIGTERM and reaps them.
public final class APIWorkerProcesses: @unchecked Sendable {
    // @unchecked: `pids`, `started`, `stopping` and `monitors` are only touched while holding `lock`; the rest is
    // immutable.
    public static let environmentKey = "NOVA_API_WORKER"
    static let log = Logger("nova.service")

    /// Whether this process is a worker started by a parent (and so must not start workers itself).
    public static var isWorker: Bool { ProcessInfo.processInfo.environment[environmentKey] != nil }

    public let count: Int
    let executable: String
    let arguments: [String]
    let restartDelay: Duration
    let stopTimeout: Duration
    private let lock = NSLock()
    private var pids: [Int: pid_t] = [:]
    private var started = false
    private var stopping = false
    private var monitors = 0
    private let allExited = Latch()

    public var serviceName: String { "osapi_compute workers" }

    /// `count` workers running the current binary again, with the same arguments, by default.
    public init(
        count: Int, executable: String = "/proc/self/exe", arguments: [String] = CommandLine.arguments,
        restartDelay: Duration = .seconds(1), stopTimeout: Duration = .seconds(60)
    ) {
        self.count = max(0, count)
        self.executable = executable
        self.arguments = arguments.isEmpty ? [executable] : arguments
        self.restartDelay = restartDelay
        self.stopTimeout = stopTimeout
    }

    /// Starts the workers, each watched by a thread of its own that restarts it when it exits.
    public func start() {
        let first = lock.withLock { () -> Bool in
            if started || stopping { return false }
            started = true
            monitors = count
            return true
        }
        guard first else { return }
        if count == 0 { allExited.open() }
        for slot in stride(from: 1, through: count, by: 1) {
            let thread = Thread { [self] in monitor(slot: slot) }
            thread.name = "api-worker-\(slot)"
            thread.start()
        }
    }

    /// Keeps the workers running until the calling task is cancelled, then stops them (`stop`).
    public func run() async throws {
        start()
        let cancelled = Latch()
        await withTaskCancellationHandler {
            await cancelled.wait()
        } onCancel: {
            cancelled.open()
        }
        await stop(timeout: stopTimeout)
    }

    /// The live workers' process ids, by worker number.
    public var processIDs: [Int: pid_t] { lock.withLock { pids } }

    /// SIGTERM to every worker (each then stops gracefully); SIGKILL to those still running after
    /// `timeout`. Returns once all have been reaped.
    public func stop(timeout: Duration = .seconds(60)) async {
        let (running, wasStarted) = lock.withLock { () -> ([pid_t], Bool) in
            stopping = true
            return (Array(pids.values), started)
        }
        if !wasStarted {
            allExited.open()
            return
        }
        for pid in running { kill(pid, SIGTERM) }
        let deadline = ContinuousClock.now + timeout
        while !allExited.isOpen && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if !allExited.isOpen {
            for pid in lock.withLock({ Array(pids.values) }) { kill(pid, SIGKILL) }
        }
        await allExited.wait()
    }

    private func monitor(slot: Int) {
        while !lock.withLock({ stopping }) {
            guard let pid = spawn(slot: slot) else {
                Self.log.error("Could not start API worker \(slot): \(String(cString: strerror(errno)))")
                Thread.sleep(forTimeInterval: seconds(restartDelay))
                continue
            }
            let stopNow = lock.withLock { () -> Bool in
                pids[slot] = pid
                return stopping
            }
            if stopNow { kill(pid, SIGTERM) }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            let expected = lock.withLock { () -> Bool in
                pids[slot] = nil
                return stopping
            }
            if expected { break }
            Self.log.warning("API worker \(slot) (pid \(pid)) exited with status \(status); restarting it")
            Thread.sleep(forTimeInterval: seconds(restartDelay))
        }
        let last = lock.withLock { () -> Bool in
            monitors -= 1
            return monitors == 0
        }
        if last { allExited.open() }
    }

    /// posix_spawn with default signal handling and an empty mask: the parent may have blocked
    /// SIGTERM to read it from a signalfd, and a child must not inherit that.
    private func spawn(slot: Int) -> pid_t? {
        var environment = ProcessInfo.processInfo.environment
        environment[Self.environmentKey] = String(slot)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, nil, &attributes, argv, envp)
        if rc != 0 {
            errno = rc
            return nil
        }
        return pid
    }

    private func seconds(_ d: Duration) -> TimeInterval {
        let (s, atto) = d.components
        return TimeInterval(s) + TimeInterval(atto) / 1e18
    }
}
