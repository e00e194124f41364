import Common
import Foundation
import NovaDB

/// Parses nova-manage's command line, loads the config and runs one command; returns the exit status:
/// the command's own, 2 for a bad command line or config, 1 for any other failure.
enum NovaManage {
    static func run(_ args: [String], commands: [String: [String: ManageCommand]]) async -> Int32 {
        let (global, rest): (Global, [String])
        do {
            (global, rest) = try Global.split(args)
        } catch {
            return fail(error, usage: nil)
        }
        if global.version {
            print("nova-manage \(NovaVersion.string)")
            return 0
        }
        let words = rest.prefix { !$0.hasPrefix("-") }
        guard let groupName = words.first, let group = commands[groupName] else {
            printUsage(commands, to: global.help || words.isEmpty ? .stdout : .stderr)
            if let g = words.first { printError("unknown command group '\(g)'") }
            return global.help && words.isEmpty ? 0 : 2
        }
        guard words.count > 1, let command = group[words[words.startIndex + 1]] else {
            printGroup(groupName, group, to: global.help ? .stdout : .stderr)
            if words.count > 1 { printError("unknown command '\(groupName) \(words[words.startIndex + 1])'") }
            return global.help ? 0 : 2
        }
        let usage = "nova-manage \(groupName) \(words[words.startIndex + 1]) \(command.options.usage)"
            .trimmingCharacters(in: .whitespaces)
        if global.help {
            let options = command.options.help
            print("usage: \(usage)\n\n\(command.summary)" + (options.isEmpty ? "" : "\n\noptions:\n\(options)"))
            return 0
        }
        do {
            let opts = try CommandOptions.parse(Array(rest.dropFirst(2)), command.options)
            let conf = try Config(
                definitions: NovaOptions.all, files: global.configFiles, configDir: global.configDir,
                cli: global.overrides)
            RemoteErrorRegistry.registerStoreErrors()
            return try await command.run(ManageContext(conf: conf), opts)
        } catch {
            return fail(error, usage: usage)
        }
    }

    static func fail(_ error: any Error, usage: String?) -> Int32 {
        switch error {
        case let e as UsageError:
            printError(e.description)
            if let usage { FileHandle.standardError.write(Data("usage: \(usage)\n".utf8)) }
            return 2
        case let e as ConfigError:
            printError(e.description)
            return ConfigError.exitCode
        case let e as any NovaRemoteError:
            printError(e.message)
            return 1
        default:
            printError("\(error)")
            return 1
        }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }

    enum Stream { case stdout, stderr }

    static func emit(_ text: String, _ stream: Stream) {
        let h = stream == .stdout ? FileHandle.standardOutput : FileHandle.standardError
        h.write(Data((text + "\n").utf8))
    }

    static func printUsage(_ commands: [String: [String: ManageCommand]], to stream: Stream) {
        var lines = [
            "usage: nova-manage [--config-file FILE]... [--config-dir DIR] <group> <command> [options]", "",
            "commands:",
        ]
        for g in commands.keys.sorted() {
            for (c, cmd) in commands[g, default: [:]].sorted(by: { $0.key < $1.key }) {
                lines.append("  \(g) \(c)".padding(toLength: 32, withPad: " ", startingAt: 0) + cmd.summary)
            }
        }
        emit(lines.joined(separator: "\n"), stream)
    }

    static func printGroup(_ name: String, _ group: [String: ManageCommand], to stream: Stream) {
        let lines = group.sorted(by: { $0.key < $1.key }).map {
            "  " + "nova-manage \(name) \($0.key) \($0.value.options.usage)".trimmingCharacters(in: .whitespaces)
        }
        emit("usage:\n" + lines.joined(separator: "\n"), stream)
    }
}

/// The options every nova-manage invocation takes, wherever they appear: `--config-file`, `--config-dir`,
/// `--group.option=value` overrides, `--debug`, `--help`, `--version`.
struct Global {
    var configFiles: [String] = []
    var configDir: String?
    var overrides: [(OptDefinition.Key, String)] = []
    var help = false
    var version = false

    static func split(_ args: [String]) throws(UsageError) -> (Global, [String]) {
        var g = Global()
        var rest: [String] = []
        var i = 0
        func value(_ flag: String, _ inline: String?) throws(UsageError) -> String {
            if let inline { return inline }
            i += 1
            guard i < args.count else { throw UsageError("\(flag) needs a value") }
            return args[i]
        }
        while i < args.count {
            let a = args[i]
            let parts = a.split(separator: "=", maxSplits: 1).map(String.init)
            let inline = parts.count == 2 ? parts[1] : nil
            switch parts[0] {
            case "--config-file", "--config_file": g.configFiles.append(try value(parts[0], inline))
            case "--config-dir", "--config_dir": g.configDir = try value(parts[0], inline)
            case "--help", "-h": g.help = true
            case "--version": g.version = true
            case "--debug": g.overrides.append((OptDefinition.Key("DEFAULT", "debug"), "true"))
            case let o where o.hasPrefix("--") && o.contains("."):
                let body = o.dropFirst(2)
                let dot = body.firstIndex(of: ".")!
                let key = OptDefinition.Key(
                    String(body[..<dot]),
                    body[body.index(after: dot)...]
                        .replacingOccurrences(of: "-", with: "_"))
                g.overrides.append((key, try value(o, inline)))
            default: rest.append(a)
            }
            i += 1
        }
        return (g, rest)
    }
}
