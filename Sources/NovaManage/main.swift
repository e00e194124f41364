import Common
import Foundation

// nova-manage: the operator's tool for the database and the catalog. Each group's commands live in
// their own file; this table is the whole command set.
let commands: [String: [String: ManageCommand]] = [
    "db": DBCommands.all,
    "flavor": FlavorCommands.all,
    "image": ImageCommands.all,
    "service": ServiceCommands.all,
]

// `config` and `identity` parse their own arguments (they do not touch the database).
let argv = Array(CommandLine.arguments.dropFirst())
if let (global, rest) = try? Global.split(argv), !global.help, !global.version, let group = rest.first {
    switch group {
    case "config":
        exit(ConfigCommands.run(Array(rest.dropFirst())))
    case "identity":
        do {
            let conf = try Config(definitions: NovaOptions.all, files: global.configFiles,
                                  configDir: global.configDir, cli: global.overrides)
            exit(try runIdentityCommand(Array(rest.dropFirst()), conf: conf))
        } catch {
            exit(NovaManage.fail(error, usage: "nova-manage identity <command> [options]"))
        }
    default:
        break
    }
}

exit(await NovaManage.run(argv, commands: commands))
