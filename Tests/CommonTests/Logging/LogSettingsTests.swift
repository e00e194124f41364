import Testing

@testable import Common

@Suite struct LogSettingsTests {
    @Test func logFileAndLogDirCombineAsOsloLogDoes() {
        func path(_ file: String?, _ dir: String?) -> String? {
            LogSystem.Settings.logPath(file: file, dir: dir, program: "nova-api")
        }
        #expect(path(nil, nil) == nil)
        #expect(path("/var/log/a.log", nil) == "/var/log/a.log")
        #expect(path("a.log", "/var/log/nova") == "/var/log/nova/a.log")
        #expect(path("/abs/a.log", "/var/log/nova") == "/abs/a.log")
        #expect(path(nil, "/var/log/nova/") == "/var/log/nova/nova-api.log")
        #expect(path("", "") == nil)
    }

    @Test func settingsComeFromTheDefaultSection() {
        let conf = Config(definitions: NovaOptions.all, overrides: [
            "debug": .bool(true), "log_dir": .string("/var/log/nova"), "use_syslog": .bool(true),
            "use_stderr": .bool(true),
        ])
        let s = LogSystem.Settings(conf: conf, program: "nova-scheduler")
        #expect(s == .init(level: .debug, logFile: "/var/log/nova/nova-scheduler.log", useStderr: true,
                           useSyslog: true, program: "nova-scheduler"))
        let quiet = LogSystem.Settings(conf: Config(definitions: NovaOptions.all), program: "nova-api")
        #expect(quiet == .init(level: .info, logFile: nil, useStderr: false, useSyslog: false, program: "nova-api"))
    }
}
