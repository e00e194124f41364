import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where log lines go. One per process; configured from `[DEFAULT] debug/log_file/log_dir/use_stderr/use_syslog`.
public final class LogSystem: @unchecked Sendable {
    // @unchecked: every mutable field is guarded by `lock`; `level` is read racily on purpose
    // (a stale level for one line is harmless) through an atomic-width Int.
    public static let shared = LogSystem()

    private let lock = NSLock()
    private var _level: Int = LogLevel.info.rawValue
    private var fileFD: Int32 = -1
    private var toStderr = true
    private var toSyslog = false
    private var program = "nova"
    /// Lines kept in memory for tests (nil when not capturing).
    private var captured: [String]?

    public var level: LogLevel {
        get { lock.lock(); defer { lock.unlock() }; return LogLevel(rawValue: _level) ?? .info }
        set { lock.lock(); _level = newValue.rawValue; lock.unlock() }
    }

    public struct Settings: Sendable, Equatable {
        public var level: LogLevel = .info
        public var logFile: String? = nil
        public var useStderr: Bool = true
        public var useSyslog: Bool = false
        public var program: String = "nova"
        public init(level: LogLevel = .info, logFile: String? = nil, useStderr: Bool = true, useSyslog: Bool = false,
                    program: String = "nova") {
            self.level = level
            self.logFile = logFile
            self.useStderr = useStderr
            self.useSyslog = useSyslog
            self.program = program
        }
    }

    /// Applies settings; throws when the log file cannot be opened.
    public func configure(_ s: Settings) throws {
        var fd: Int32 = -1
        if let path = s.logFile {
            fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
            if fd < 0 { throw LogSetupError(path: path, errno: errno) }
        }
        lock.lock()
        if fileFD >= 0 { close(fileFD) }
        fileFD = fd
        _level = s.level.rawValue
        toStderr = s.useStderr || (s.logFile == nil && !s.useSyslog)
        toSyslog = s.useSyslog
        program = s.program
        lock.unlock()
        if s.useSyslog { openlog(s.program, LOG_PID, LOG_USER) }
    }

    public func startCapture() { lock.lock(); captured = []; lock.unlock() }

    public func stopCapture() -> [String] {
        lock.lock(); defer { lock.unlock() }
        let out = captured ?? []
        captured = nil
        return out
    }

    func emit(level: LogLevel, logger: String, context: RequestContext?, message: String) {
        let line = LogFormatter.format(date: Date(), pid: getpid(), level: level, logger: logger,
                                       context: context, message: message)
        LogCapture.current?.append(line)
        lock.lock()
        defer { lock.unlock() }
        if captured != nil { captured!.append(line) }
        let bytes = Array((line + "\n").utf8)
        if fileFD >= 0 { _ = bytes.withUnsafeBytes { write(fileFD, $0.baseAddress, $0.count) } }
        if toStderr { _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) } }
        if toSyslog {
            let prio: Int32 = switch level {
            case .debug: LOG_DEBUG
            case .info: LOG_INFO
            case .warning: LOG_WARNING
            case .error: LOG_ERR
            case .critical: LOG_CRIT
            }
            withVaList([line]) { vsyslog(prio, "%s", $0) }
        }
    }
}

public struct LogSetupError: Error, CustomStringConvertible {
    public let path: String
    public let errno: Int32
    public var description: String { "cannot open log file \(path): \(String(cString: strerror(errno)))" }
}

/// oslo.log's default line: `2026-11-22 10:00:00.123 4242 INFO nova.compute.manager [req-… user project] message`.
public enum LogFormatter {
    public static func format(date: Date, pid: Int32, level: LogLevel, logger: String, context: RequestContext?,
                              message: String) -> String {
        let ctx: String
        if let c = context {
            ctx = "[\(c.requestId) \(c.userId ?? "-") \(c.projectId ?? "-")]"
        } else {
            ctx = "[-]"
        }
        return "\(timestamp(date)) \(pid) \(level.name) \(logger) \(ctx) \(message)"
    }

    public static func timestamp(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        var secs = time_t(t.rounded(.down))
        let ms = Int((t - Double(secs)) * 1000)
        var tm = tm()
        localtime_r(&secs, &tm)
        func pad(_ v: Int32, _ w: Int) -> String {
            let s = String(v)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
        return "\(pad(tm.tm_year + 1900, 4))-\(pad(tm.tm_mon + 1, 2))-\(pad(tm.tm_mday, 2)) "
            + "\(pad(tm.tm_hour, 2)):\(pad(tm.tm_min, 2)):\(pad(tm.tm_sec, 2)).\(pad(Int32(ms), 3))"
    }
}
