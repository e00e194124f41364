import CLinux
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM, SIGINT and SIGHUP as `LifecycleEvent`s, read from a signalfd on a thread of our own.
/// `block()` must run in `main` before any other thread starts: a signal that reaches a thread where it is not
/// blocked takes its default action (death), and a Dispatch signal source misses signals sent before it exists.
public enum SignalEvents {
    public static let handled: [Int32] = [SIGTERM, SIGINT, SIGHUP]

    /// Blocks the lifecycle signals for the calling thread and every thread it starts afterwards.
    public static func block() {
        var set = mask()
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Starts the reader thread; the stream yields one event per signal received.
    public static func stream() throws(SignalSetupError) -> AsyncStream<LifecycleEvent> {
        var set = mask()
        let fd = signalfd(-1, &set, Int32(SFD_CLOEXEC))
        guard fd >= 0 else { throw SignalSetupError(errno: errno) }
        let (stream, input) = AsyncStream<LifecycleEvent>.makeStream()
        let thread = Thread { readLoop(fd: fd, input: input) }
        thread.name = "signals"
        thread.start()
        return stream
    }

    /// The event a signal stands for.
    public static func event(for signal: Int32) -> LifecycleEvent? {
        switch signal {
        case SIGTERM: .shutdown(reason: "SIGTERM")
        case SIGINT: .shutdown(reason: "SIGINT")
        case SIGHUP: .reload
        default: nil
        }
    }

    private static func mask() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for s in handled { sigaddset(&set, s) }
        return set
    }

    /// Blocking reads on a thread we own, never on the cooperative pool.
    private static func readLoop(fd: Int32, input: AsyncStream<LifecycleEvent>.Continuation) {
        var info = signalfd_siginfo()
        let size = MemoryLayout<signalfd_siginfo>.size
        while true {
            let n = withUnsafeMutableBytes(of: &info) { read(fd, $0.baseAddress, size) }
            if n < 0 && errno == EINTR { continue }
            guard n == size else { break }
            if let e = event(for: Int32(info.ssi_signo)) { input.yield(e) }
        }
        close(fd)
        input.finish()
    }
}

/// The signalfd could not be created (out of descriptors, usually).
public struct SignalSetupError: Error, Sendable, CustomStringConvertible {
    public let errno: Int32
    public var description: String { "cannot create signalfd: \(String(cString: strerror(errno)))" }
}
