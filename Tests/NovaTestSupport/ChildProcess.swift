import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A built executable of this package run as a child process, its output kept in files (a full pipe would
/// block it) and its exit awaited with a bounded deadline.
public final class ChildProcess: @unchecked Sendable {
    // @unchecked: `process` is started once in init; afterwards only its thread-safe accessors are used.
    public let process = Process()
    public let stdoutPath: String
    public let stderrPath: String

    /// `.build/debug/<name>`, which `swift build --build-tests` produces along with the tests.
    public static func executable(_ name: String) -> String { TestSupport.packageRoot + "/.build/debug/" + name }

    public init(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        let exe = Self.executable(name)
        guard FileManager.default.isExecutableFile(atPath: exe) else {
            throw ChildProcessError("\(exe) is missing: build it first (swift build --build-tests)")
        }
        let base = NSTemporaryDirectory() + "/\(name)-\(UUID().uuidString.prefix(8))"
        stdoutPath = base + ".out"
        stderrPath = base + ".err"
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: exe)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for k in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] { env[k] = nil }
        process.environment = env.merging(environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        unlink(stdoutPath)
        unlink(stderrPath)
    }

    public var pid: Int32 { process.processIdentifier }
    public var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    public var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    public func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

    /// The exit status, or nil (and the child killed) when it is still running after `seconds`.
    public func exitStatus(within seconds: Double = 60) async -> Int32? {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while process.isRunning {
            if ContinuousClock.now > deadline {
                kill(process.processIdentifier, SIGKILL)
                return nil
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
    }
}

public struct ChildProcessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ d: String) { description = d }
}
