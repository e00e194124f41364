import Foundation
import Testing

@testable import Common

@Suite struct ConfigTests {
    private func file(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "/conf-\(UUID().uuidString).conf"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func load(_ text: String) throws(ConfigError) -> Config {
        let path: String
        do { path = try file(text) } catch { fatalError("cannot write temp file: \(error)") }
        return try Config(definitions: NovaOptions.all, files: [path], configDir: nil, cli: [])
    }

    @Test func unknownOptionsAreIgnoredWithAWarning() throws {
        let conf = try load("[DEFAULT]\nno_such_thing = 1\nreport_interval = 5\n[nowhere]\nx = y\n")
        #expect(conf[CommonOptions.reportInterval] == 5)
        #expect(conf.warnings.count == 2)
        #expect(conf.warnings[0].hasPrefix("Unknown option no_such_thing in section [DEFAULT] of "))
        #expect(conf.warnings[1].contains("(line 5), ignored"))
    }

    @Test func deprecatedNamesStillSetTheOptionAndSaySo() throws {
        let conf = try load("[DEFAULT]\nosapi_max_limit = 50\nlogfile = /tmp/x.log\n")
        #expect(conf[APIBehaviourOptions.maxLimit] == 50)
        #expect(conf[CommonOptions.logFile] == "/tmp/x.log")
        #expect(conf.warnings.contains("Option \"osapi_max_limit\" from group \"DEFAULT\" is deprecated. "
                                       + "Use option \"max_limit\" from group \"api\"."))
    }

    @Test(arguments: [
        ("[DEFAULT]\nreport_interval = 0\n", "report_interval", "DEFAULT", "0 is less than the minimum 1"),
        ("[DEFAULT]\nrpc_prefetch = 70000\n", "rpc_prefetch", "DEFAULT", "70000 is greater than the maximum 65535"),
        ("[fake]\nfail_probability = 1.5\n", "fail_probability", "fake", "1.5 is greater than the maximum 1.0"),
        ("[DEFAULT]\ndebug = maybe\n", "debug", "DEFAULT", "expected a boolean (true/false), got 'maybe'"),
        ("[api]\nauth_strategy = keystone\n", "auth_strategy", "api",
         "expected one of noauth2, identity, got 'keystone'"),
        ("[DEFAULT]\ntransport_url = localhost\n", "transport_url", "DEFAULT",
         "expected a URL such as scheme://host/path"),
        ("[DEFAULT]\nmy_ip = 10.0.0.300\n", "my_ip", "DEFAULT", "expected an IP address, got '10.0.0.300'"),
    ])
    func aWrongValueNamesFileSectionOptionAndWhatWasExpected(_ text: String, _ option: String, _ section: String,
                                                             _ reason: String) throws {
        let path = try file(text)
        do {
            _ = try Config(definitions: NovaOptions.all, files: [path], configDir: nil, cli: [])
            Issue.record("\(option) accepted a bad value")
        } catch {
            let prefix = "Invalid value for option \(option) in section [\(section)] of \(path): "
            #expect(error.description.hasPrefix(prefix))
            #expect(error.description.contains(reason), "\(error)")
            #expect(ConfigError.exitCode == 2)
        }
    }

    @Test func goodValuesOfEveryKindParse() throws {
        let conf = try load("""
            [DEFAULT]
            my_ip = ::1
            debug = yes
            transport_url = rabbit://u:p@h1:5672,u:p@h2:5672/
            [fake]
            spawn_delay = 0.25
            [api]
            auth_strategy = identity
            """)
        #expect(conf[CommonOptions.myIP] == "::1")
        #expect(conf[CommonOptions.debug])
        #expect(conf[CommonOptions.transportURL] == "rabbit://u:p@h1:5672,u:p@h2:5672/")
        #expect(conf[FakeDriverOptions.spawnDelay] == 0.25)
        #expect(conf[APIBehaviourOptions.authStrategy] == "identity")
    }

    @Test func syntaxErrorsNameTheLine() throws {
        let path = try file("[DEFAULT]\nreport_interval = 5\njust words\n")
        let expected = INIFile.ParseError(path: path, line: 3, reason: "expected 'name = value', got 'just words'")
        #expect(throws: ConfigError.syntax(expected)) {
            try Config(definitions: NovaOptions.all, files: [path], configDir: nil, cli: [])
        }
        let orphan = try file("report_interval = 5\n")
        #expect(throws: ConfigError.self) {
            try Config(definitions: NovaOptions.all, files: [orphan], configDir: nil, cli: [])
        }
    }

    @Test func reloadAppliesOnlyMutableOptions() throws {
        let path = try file("[DEFAULT]\ndebug = false\nreport_interval = 10\n")
        let conf = try Config(definitions: NovaOptions.all, files: [path], configDir: nil, cli: [])
        try "[DEFAULT]\ndebug = true\nreport_interval = 30\n".write(toFile: path, atomically: true, encoding: .utf8)
        let changes = try conf.reload()
        #expect(changes.map { "\($0.key.name):\($0.applied)" } == ["debug:true", "report_interval:false"])
        #expect(conf[CommonOptions.debug] == true)
        #expect(conf[CommonOptions.reportInterval] == 10)
        #expect(try conf.reload().filter(\.applied).isEmpty)
    }

    @Test func commandLineOverridesSurviveAReload() throws {
        let path = try file("[fake]\nspawn_delay = 1\n")
        let conf = try Config(definitions: NovaOptions.all, files: [path], configDir: nil,
                              cli: [(.init("fake", "spawn_delay"), "3")])
        #expect(conf[FakeDriverOptions.spawnDelay] == 3)
        try "[fake]\nspawn_delay = 2\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try conf.reload().isEmpty)
        #expect(conf[FakeDriverOptions.spawnDelay] == 3)
    }

    @Test func secretsAreMaskedForLogs() {
        let conf = Config(definitions: NovaOptions.all)
        let key = DatabaseOptions.connection.definition.key
        #expect(conf.display(key, conf.value(key)) == "****")
        #expect(conf.display(CommonOptions.controlExchange.definition.key, .string("nova")) == "nova")
        #expect(conf.display(key, nil) == "None")
    }
}

/// Option values the fuzzer (Fuzz/Config) got accepted that should not have been.
@Suite struct ConfigValueHardeningTests {
    @Test(arguments: ["127.0.0.1\0junk", "::1\0", "127.0.0.1 ", "\u{0}"])
    func aNulInAnIPAddressIsRefused(raw: String) {
        // inet_pton reads up to the NUL, so "127.0.0.1\0junk" used to pass as 127.0.0.1.
        let result = OptKind.ipAddress.parse(raw)
        if raw == "127.0.0.1 " {
            #expect(result == .success(.string("127.0.0.1")))
        } else {
            #expect(throws: ConfigValueError.self) { try result.get() }
        }
    }

    @Test(arguments: ["rabbit://guest:guest@h:5672/\0/x", "rabbit://h/\u{1}", "sqlite:///a b", "://h/",
                      "1abc://h/", "rab bit://h/", "http\u{301}://h/"])
    func aURLWithControlCharactersSpacesOrABadSchemeIsRefused(raw: String) {
        #expect(throws: ConfigValueError.self) { try OptKind.url.parse(raw).get() }
    }

    @Test func goodURLsStillParse() throws {
        for raw in ["rabbit://guest:guest@127.0.0.1:5672/", "sqlite:////var/lib/nova/nova.sqlite",
                    "postgresql+psycopg2://nova:p@db/nova", "fake://"] {
            #expect(try OptKind.url.parse(" \(raw)\t").get() == .string(raw))
        }
    }

    @Test func listItemsOnContinuationLinesCarryNoLineBreaks() throws {
        let path = NSTemporaryDirectory() + "/conf-\(UUID().uuidString).conf"
        try "[filter_scheduler]\nenabled_filters = ComputeFilter,\n    RamFilter,\n\tImagePropertiesFilter\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let conf = try Config(definitions: NovaOptions.all, files: [path], configDir: nil, cli: [])
        // Each item used to keep the "\n" of its line, so the scheduler found no filter of that name.
        #expect(conf[SchedulerOptions.enabledFilters] == ["ComputeFilter", "RamFilter", "ImagePropertiesFilter"])
    }

    @Test func aFileWithCRLFLineEndingsLoads() throws {
        let path = NSTemporaryDirectory() + "/conf-\(UUID().uuidString).conf"
        let text = "[DEFAULT]\r\nreport_interval = 7\r\nmy_ip = 192.0.2.1\r\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let conf = try Config(definitions: NovaOptions.all, files: [path], configDir: nil, cli: [])
        #expect(conf[CommonOptions.reportInterval] == 7)
        #expect(conf[CommonOptions.myIP] == "192.0.2.1")
    }
}
