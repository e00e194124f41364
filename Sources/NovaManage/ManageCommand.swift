import Common
import NovaDB

/// One `nova-manage <group> <command>`: its options, help, and what it runs. `run` returns the exit status.
struct ManageCommand: Sendable {
    let summary: String
    let options: OptionSpec
    let run: @Sendable (ManageContext, CommandOptions) async throws -> Int32
}

/// What a command works with: the loaded config and, on demand, the database.
final class ManageContext: Sendable {
    let conf: Config

    init(conf: Config) { self.conf = conf }

    /// The store on `[database] connection`, its schema checked against this release (only `db sync`
    /// opens it unchecked). Connection failures are not retried: an operator is waiting.
    func store(checkSchema: Bool = true) async throws -> NovaStore {
        let url = try DatabaseURL.parse(conf[DatabaseOptions.connection])
        let db = try await Database.open(url, poolSize: 1, busyTimeoutMs: conf[DatabaseOptions.busyTimeoutMs])
        if checkSchema {
            do {
                try await SchemaMigrator(database: db).checkCurrent()
            } catch {
                db.close()
                throw error
            }
        }
        return NovaStore(database: db)
    }
}
