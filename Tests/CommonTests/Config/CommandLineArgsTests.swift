import Testing

@testable import Common

@Suite struct CommandLineArgsTests {
    @Test func configSourcesInBothSpellings() throws {
        let a = try CommandLineArgs.parse(["--config-file", "a.conf", "--config_file=b.conf",
                                           "--config-dir=/etc/nova/d"])
        #expect(a.configFiles == ["a.conf", "b.conf"])
        #expect(a.configDir == "/etc/nova/d")
    }

    @Test func overridesNameTheirGroupAndReadDashesAsUnderscores() throws {
        let a = try CommandLineArgs.parse(["--report-interval=5", "--fake.spawn_delay", "2", "--debug",
                                           "--nouse_stderr"])
        #expect(a.cli.map { "\($0.0.group).\($0.0.name)=\($0.1)" }
                == ["DEFAULT.report_interval=5", "fake.spawn_delay=2", "DEFAULT.debug=true",
                    "DEFAULT.use_stderr=false"])
    }

    @Test func helpVersionAndPositionalWords() throws {
        let a = try CommandLineArgs.parse(["-h", "--version", "db", "sync"])
        #expect(a.help && a.version)
        #expect(a.positional == ["db", "sync"])
    }

    @Test func aFlagMissingItsValueIsAnError() {
        #expect(throws: ConfigError.badArgument("--config-file needs a value")) {
            try CommandLineArgs.parse(["--config-file"])
        }
        #expect(throws: ConfigError.self) { try CommandLineArgs.parse(["--report_interval"]) }
    }
}
