import Foundation

/// Generates a key pair for `POST /os-keypairs` without a public key (before 2.92), with the system's
/// `ssh-keygen` (ssh) or `openssl` (x509); Nova uses the cryptography library, which Swift on Linux lacks.
/// The tools run as child processes; nothing blocks a cooperative thread while they work.
enum KeyGenerator {
    struct Generated: Sendable {
        let publicKey: String
        let privateKey: String
    }

    static func generate(type: String, name: String) async throws -> Generated {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nova-keygen-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = dir.appendingPathComponent("key").path
        if type == "x509" {
            let cert = dir.appendingPathComponent("cert.pem").path
            try await run(
                "/usr/bin/openssl",
                [
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "3650",
                    "-subj", "/CN=\(name.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })",
                ])
            return Generated(
                publicKey: try String(contentsOfFile: cert, encoding: .utf8),
                privateKey: try String(contentsOfFile: key, encoding: .utf8))
        }
        try await run(
            "/usr/bin/ssh-keygen",
            ["-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "", "-C", "Generated-by-Nova", "-f", key])
        return Generated(
            publicKey: try String(contentsOfFile: key + ".pub", encoding: .utf8).trimmingCharacters(
                in: .whitespacesAndNewlines),
            privateKey: try String(contentsOfFile: key, encoding: .utf8))
    }

    static func run(_ tool: String, _ arguments: [String]) async throws {
        guard FileManager.default.isExecutableFile(atPath: tool) else {
            throw ComputeError(
                "NotImplemented", status: 501, "Key pair generation is not available: \(tool) is not installed.")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { done in
            process.terminationHandler = { done.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                done.resume(throwing: error)
            }
        }
        if status != 0 {
            throw ComputeError(
                "KeypairGenerationFailed", status: 500, "Key pair generation failed (\(tool) exit \(status)).")
        }
    }
}
