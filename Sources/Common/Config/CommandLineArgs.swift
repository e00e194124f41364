/// What a service's command line says: config sources, overrides, and `--help`/`--version`.
public struct CommandLineArgs: Sendable, Equatable {
    public var configFiles: [String] = []
    public var configDir: String?
    public var overrides: [OptDefinition.Key] = []
    public var overrideValues: [String] = []
    public var help = false
    public var version = false
    /// Words that are not options (sub-commands of nova-manage).
    public var positional: [String] = []

    public var cli: [(OptDefinition.Key, String)] { Array(zip(overrides, overrideValues)) }

    public static func == (a: CommandLineArgs, b: CommandLineArgs) -> Bool {
        a.configFiles == b.configFiles && a.configDir == b.configDir && a.overrides == b.overrides
            && a.overrideValues == b.overrideValues && a.help == b.help && a.version == b.version
            && a.positional == b.positional
    }

    /// Parses `--config-file X`, `--config-file=X`, `--config-dir D`, `--debug`, `--name=value` (DEFAULT group)
    /// and `--group.name=value`. Dashes in names read as underscores. `boolOptions` may appear without a value.
    public static func parse(_ args: [String], boolOptions: Set<String> = ["debug", "use_stderr", "use_syslog"])
        throws(ConfigError) -> CommandLineArgs
    {
        var out = CommandLineArgs()
        var i = 0
        func next(_ flag: String) throws(ConfigError) -> String {
            i += 1
            guard i < args.count else { throw .badArgument("\(flag) needs a value") }
            return args[i]
        }
        while i < args.count {
            let a = args[i]
            defer { i += 1 }
            guard a.hasPrefix("--"), a.count > 2 else {
                if a == "-h" { out.help = true } else { out.positional.append(a) }
                continue
            }
            var body = String(a.dropFirst(2))
            var inlineValue: String?
            if let eq = body.firstIndex(of: "=") {
                inlineValue = String(body[body.index(after: eq)...])
                body = String(body[..<eq])
            }
            switch body {
            case "help": out.help = true
            case "version": out.version = true
            case "config-file", "config_file":
                if let v = inlineValue { out.configFiles.append(v) } else { out.configFiles.append(try next(a)) }
            case "config-dir", "config_dir":
                if let v = inlineValue { out.configDir = v } else { out.configDir = try next(a) }
            default:
                var group = "DEFAULT"
                var name = body
                if let dot = body.firstIndex(of: ".") {
                    group = String(body[..<dot])
                    name = String(body[body.index(after: dot)...])
                }
                name = name.replacingOccurrences(of: "-", with: "_")
                var value: String
                if let v = inlineValue {
                    value = v
                } else if group == "DEFAULT" && name.hasPrefix("no") && boolOptions.contains(String(name.dropFirst(2))) {
                    name = String(name.dropFirst(2))
                    value = "false"
                } else if group == "DEFAULT" && boolOptions.contains(name) {
                    value = "true"
                } else {
                    value = try next(a)
                }
                out.overrides.append(OptDefinition.Key(group, name))
                out.overrideValues.append(value)
            }
        }
        return out
    }
}

import Foundation
