import Testing

@testable import Common

@Suite struct ConfigSampleGeneratorTests {
    @Test func anIntegerOptionShowsHelpTypeBoundsAndDefault() {
        let def = OptDefinition(group: "DEFAULT", name: "rpc_prefetch", kind: .int(min: 1, max: 65535),
                                default: .int(64), help: "Unacknowledged messages a server may hold at once.")
        #expect(ConfigSampleGenerator.render(def) == """
            #
            # Unacknowledged messages a server may hold at once. (integer value)
            # Minimum value: 1
            # Maximum value: 65535
            #rpc_prefetch = 64

            """)
    }

    @Test func choicesMutableAndDeprecatedNamesAreListed() {
        let def = OptDefinition(group: "api", name: "auth_strategy", kind: .choices(["noauth2", "identity"]),
                                default: .string("noauth2"), help: "How to authenticate.", mutable: true,
                                deprecatedNames: [.init("DEFAULT", "auth_strategy")])
        #expect(ConfigSampleGenerator.render(def) == """
            #
            # How to authenticate. (string value)
            # Possible values:
            # noauth2 - <No description provided>
            # identity - <No description provided>
            # Note: This option can be changed without restarting.
            # Deprecated group/name - [DEFAULT]/auth_strategy
            #auth_strategy = noauth2

            """)
    }

    @Test func defaultsAreWrittenAsOsloWritesThem() {
        func line(_ kind: OptKind, _ d: ConfigValue?, sample: String? = nil) -> String {
            let def = OptDefinition(group: "g", name: "x", kind: kind, default: d, help: "h", sampleDefault: sample)
            return String(ConfigSampleGenerator.render(def).split(separator: "\n").last!)
        }
        #expect(line(.string, nil) == "#x = <None>")
        #expect(line(.string, .string("")) == "#x =")
        #expect(line(.string, .string(" padded ")) == "#x = \" padded \"")
        #expect(line(.bool, .bool(true)) == "#x = true")
        #expect(line(.float(min: nil, max: nil), .float(1.5)) == "#x = 1.5")
        #expect(line(.list, .list(["a", "b"])) == "#x = a,b")
        #expect(line(.string, .string("this-machine"), sample: "<current_hostname>") == "#x = <current_hostname>")
        let port = OptDefinition(group: "g", name: "p", kind: .port, default: .int(8774), help: "h")
        #expect(ConfigSampleGenerator.render(port).contains("# Minimum value: 0\n# Maximum value: 65535\n"))
    }

    @Test func helpIsWrappedAtSeventyColumns() {
        let url = "https://docs.openstack.org/nova/latest/configuration/config.html"
        let help = String(repeating: "word ", count: 40) + "(see \(url))"
        let def = OptDefinition(group: "g", name: "x", kind: .string, default: nil, help: help)
        let lines = ConfigSampleGenerator.render(def).split(separator: "\n")
        for l in lines where l.contains(" ") && !l.contains("https://") { #expect(l.count <= 70, "\(l)") }
        #expect(lines.contains { $0 == "# https://docs.openstack.org/nova/latest/configuration/config.html)" })
        #expect(lines.allSatisfy { $0.hasPrefix("#") })
    }

    @Test func defaultComesFirstThenGroupsByNameAndEachOptionOnce() {
        let defs = [
            OptDefinition(group: "scheduler", name: "b", kind: .string, default: nil, help: "b"),
            OptDefinition(group: "api", name: "a", kind: .string, default: nil, help: "a"),
            OptDefinition(group: "DEFAULT", name: "z", kind: .string, default: nil, help: "z"),
            OptDefinition(group: "DEFAULT", name: "y", kind: .string, default: nil, help: "y"),
            OptDefinition(group: "api", name: "a", kind: .int(min: nil, max: nil), default: nil, help: "again"),
        ]
        let out = ConfigSampleGenerator.render(defs)
        let headers = out.split(separator: "\n").filter { $0.hasPrefix("[") }
        #expect(headers == ["[DEFAULT]", "[api]", "[scheduler]"])
        #expect(out.range(of: "#z =")!.lowerBound < out.range(of: "#y =")!.lowerBound)
        #expect(!out.contains("again"))
    }

    @Test func theNovaSampleIsTheSameOnEveryMachine() {
        let out = ConfigSampleGenerator.render(NovaOptions.all)
        #expect(out.contains("#host = <current_hostname>\n"))
        #expect(!out.contains("#host = \(CommonOptions.systemHostname())\n"))
    }
}
