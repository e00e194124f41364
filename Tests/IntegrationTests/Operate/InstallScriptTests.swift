import Foundation
import NovaTestSupport
import Testing

/// `scripts/install.sh` into a DESTDIR with a prefix, as a packager runs it: the binaries, units, config
/// and directories land where they should, the units name the prefix and still verify, and the installed
/// nova-manage reads the installed nova.conf and syncs a database.
@Suite struct InstallScriptTests {
    static let binaries = ["nova-api", "nova-conductor", "nova-scheduler", "nova-compute", "nova-manage"]

    @Test func destdirInstallIsCompleteAndUsable() async throws {
        let root = TestSupport.packageRoot
        try #require(FileManager.default.isExecutableFile(atPath: "\(root)/.build/debug/nova-manage"),
                     "build the products first (swift build)")
        let dest = FileManager.default.temporaryDirectory.appendingPathComponent("install-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dest) }
        let (status, output) = await TestSupport.shellAsync(
            "cd '\(root)' && DESTDIR='\(dest)' NOVA_BUILD=debug scripts/install.sh --no-build --prefix /opt/nova 2>&1")
        try #require(status == 0, "install.sh failed: \(output)")

        let fm = FileManager.default
        for b in Self.binaries {
            #expect(fm.isExecutableFile(atPath: "\(dest)/opt/nova/bin/\(b)"), "\(b) not installed")
        }
        for dir in ["var/lib/nova", "var/log/nova"] {
            var isDir: ObjCBool = false
            #expect(fm.fileExists(atPath: "\(dest)/\(dir)", isDirectory: &isDir) && isDir.boolValue, "\(dir) missing")
        }
        #expect(fm.fileExists(atPath: "\(dest)/etc/nova/nova.conf.sample"))
        let conf = try String(contentsOfFile: "\(dest)/etc/nova/nova.conf", encoding: .utf8)
        #expect(conf.contains("connection = sqlite:////var/lib/nova/nova.sqlite"))

        for service in Self.binaries where service != "nova-manage" {
            let unit = try String(contentsOfFile: "\(dest)/etc/systemd/system/\(service).service", encoding: .utf8)
            #expect(unit.contains("ExecStart=/opt/nova/bin/\(service) --config-file=/etc/nova/nova.conf"))
            #expect(!unit.contains("/usr/local/bin"))
            // The installed unit verifies once its binary path resolves (inside DESTDIR).
            let copy = "\(dest)/verify-\(service).service"
            try unit.replacingOccurrences(of: "/opt/nova/bin/", with: "\(dest)/opt/nova/bin/")
                .write(toFile: copy, atomically: true, encoding: .utf8)
            let (_, said) = await TestSupport.shellAsync("SYSTEMD_LOG_COLOR=0 systemd-analyze verify '\(copy)' 2>&1")
            #expect(said.trimmingCharacters(in: .whitespacesAndNewlines) == "", "\(service): \(said)")
        }

        // The installed nova-manage reads the installed nova.conf; a second file (later wins, as in
        // oslo.config) points the database into the test's directory so that the sync can run here.
        let override = "\(dest)/override.conf"
        try "[database]\nconnection = sqlite:///\(dest)/var/lib/nova/nova.sqlite\n"
            .write(toFile: override, atomically: true, encoding: .utf8)
        let manage = "'\(dest)/opt/nova/bin/nova-manage' --config-file '\(dest)/etc/nova/nova.conf' --config-file '\(override)'"
        let (syncStatus, syncOut) = await TestSupport.shellAsync("\(manage) db sync 2>&1")
        #expect(syncStatus == 0, "db sync: \(syncOut)")
        let (versionStatus, version) = await TestSupport.shellAsync("\(manage) db version 2>&1")
        #expect(versionStatus == 0)
        #expect(Int(version.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").last ?? "") ?? 0 > 0,
                "db version printed: \(version)")
    }

    @Test func aMissingBuildIsRefused() async throws {
        let root = TestSupport.packageRoot
        let dest = FileManager.default.temporaryDirectory.appendingPathComponent("install-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dest) }
        let (status, output) = await TestSupport.shellAsync(
            "cd '\(root)' && DESTDIR='\(dest)' NOVA_BUILD=nonsense scripts/install.sh --no-build 2>&1")
        #expect(status == 2)
        #expect(output.contains("NOVA_BUILD must be debug or release"))
    }
}
