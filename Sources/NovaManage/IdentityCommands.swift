import Common
import NovaIdentity

/// `nova-manage identity <command> ...`: edits `[identity] users_file` (see `IdentityAdmin.usage`).
/// Returns the exit status: 0 done, 1 refused or failed, 2 usage error.
func runIdentityCommand(_ args: [String], conf: Config) throws -> Int32 {
    let file = UsersFile(path: IdentityOptions.path(IdentityOptions.usersFile, in: conf))
    return IdentityAdmin(file: file, rounds: conf[IdentityOptions.passwordHashRounds]).run(args)
}
