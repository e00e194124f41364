import Foundation
import NovaTestSupport
import Testing

/// The shipped systemd units pass `systemd-analyze verify` with no warning at all (it exits 0 on warnings,
/// so the output is what we check), once their binary path points at binaries that exist.
@Suite struct SystemdUnitTests {
    static let services = ["nova-api", "nova-conductor", "nova-scheduler", "nova-compute"]

    @Test(arguments: services) func unitVerifiesWithoutWarnings(_ name: String) async throws {
        let root = TestSupport.packageRoot
        let unit = try String(contentsOfFile: "\(root)/etc/systemd/\(name).service", encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/local/bin/\(name) --config-file=/etc/nova/nova.conf"))
        #expect(unit.contains("Type=notify"))
        let bin = "\(root)/.build/debug"
        try #require(FileManager.default.isExecutableFile(atPath: "\(bin)/\(name)"),
                     "build the products first (swift build)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("units-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("\(name).service").path
        try unit.replacingOccurrences(of: "/usr/local/bin/", with: "\(bin)/")
            .write(toFile: copy, atomically: true, encoding: .utf8)
        let (status, output) = await TestSupport.shellAsync("SYSTEMD_LOG_COLOR=0 systemd-analyze verify '\(copy)' 2>&1")
        #expect(status == 0)
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "", "systemd-analyze said: \(output)")
    }

    @Test func aBrokenUnitIsReported() async throws {
        // Guards the check above: a unit with a typo must produce output, or the test would prove nothing.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("units-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("broken.service").path
        try "[Service]\nTyp=simple\nExecStart=/bin/true\n".write(toFile: copy, atomically: true, encoding: .utf8)
        let (_, output) = await TestSupport.shellAsync("SYSTEMD_LOG_COLOR=0 systemd-analyze verify '\(copy)' 2>&1")
        #expect(output.contains("Typ"))
    }
}
