import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Log levels with oslo.log's names.
public enum LogLevel: Int, Sendable, Comparable, CaseIterable {
    case debug = 10, info = 20, warning = 30, error = 40, critical = 50

    public var name: String {
        switch self {
        case .debug: "DEBUG"
        case .info: "INFO"
        case .warning: "WARNING"
        case .error: "ERROR"
        case .critical: "CRITICAL"
        }
    }

    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rawValue < b.rawValue }
}

/// A named logger (`nova.compute.manager`). Lines carry the task's request context without it being passed.
public struct Logger: Sendable {
    public let name: String

    public init(_ name: String) { self.name = name }

    @inline(__always) public func isEnabled(_ level: LogLevel) -> Bool { level >= LogSystem.shared.level }

    public func log(_ level: LogLevel, _ message: @autoclosure () -> String, context: RequestContext? = nil) {
        guard isEnabled(level) else { return }
        LogSystem.shared.emit(level: level, logger: name, context: context ?? RequestContext.current,
                              message: message())
    }

    public func debug(_ m: @autoclosure () -> String, context: RequestContext? = nil) { log(.debug, m(), context: context) }
    public func info(_ m: @autoclosure () -> String, context: RequestContext? = nil) { log(.info, m(), context: context) }
    public func warning(_ m: @autoclosure () -> String, context: RequestContext? = nil) {
        log(.warning, m(), context: context)
    }
    public func error(_ m: @autoclosure () -> String, context: RequestContext? = nil) { log(.error, m(), context: context) }
    public func critical(_ m: @autoclosure () -> String, context: RequestContext? = nil) {
        log(.critical, m(), context: context)
    }
}
