import Foundation

/// Runs the built `nova-manage` (next to the test bundle) on a thread of its own.
enum ManageRunner {
    struct Result: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The build directory: where the test bundle and the executables are.
    static let binary: String = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
        var dir = bundle.deletingLastPathComponent()
        // `swift test` runs .../debug/<pkg>PackageTests.xctest; the products sit beside it.
        if !FileManager.default.fileExists(atPath: dir.appendingPathComponent("nova-manage").path) {
            dir = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug")
        }
        return dir.appendingPathComponent("nova-manage").path
    }()

    static func run(_ args: [String]) async throws -> Result {
        try await withCheckedThrowingContinuation { cont in
            let t = Thread {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: binary)
                p.arguments = args
                let out = Pipe()
                let err = Pipe()
                p.standardOutput = out
                p.standardError = err
                p.standardInput = FileHandle.nullDevice
                do { try p.run() } catch {
                    cont.resume(throwing: error)
                    return
                }
                let o = out.fileHandleForReading.readDataToEndOfFile()
                let e = err.fileHandleForReading.readDataToEndOfFile()
                p.waitUntilExit()
                cont.resume(
                    returning: Result(
                        status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                        stderr: String(decoding: e, as: UTF8.self)))
            }
            t.start()
        }
    }
}
