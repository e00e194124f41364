import Foundation

/// Helpers shared by the test targets: locating the package, running shell helpers.
public enum TestSupport {
    /// The package root (where Package.swift is), found from this file's path.
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.path
            }
        }
        return FileManager.default.currentDirectoryPath
    }()

    /// Runs `bash -c script` in the package root; returns (status, combined output).
    @discardableResult
    public static func shell(_ script: String) -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", script]
        p.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        do { try p.run() } catch { return (-1, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// `shell` on a thread of its own: async tests must not block Swift's cooperative pool (2 threads on
    /// these machines) for the second or more a `rabbitmqctl` or `initdb` takes, or unrelated tests starve.
    public static func shellAsync(_ script: String) async -> (Int32, String) {
        await withCheckedContinuation { cont in
            Thread.detachNewThread { cont.resume(returning: shell(script)) }
        }
    }
}
