import Common
import Foundation

/// How a service opens the database at start: `[database] connection` with the pool size and busy
/// timeout from config, retried `max_retries` times `retry_interval` seconds apart while the server is
/// unreachable, then a schema check (newer than this binary: refuse; older: ask for `db sync`).
public enum DatabaseStartup {
    /// The opened store, or the error that should end the process (its description names the masked URL).
    public static func openStore(conf: Config, checkSchema: Bool = true, logger: Logger = Logger("nova.db.api"))
        async throws -> NovaStore
    {
        let db = try await openDatabase(conf: conf, logger: logger)
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

    /// Opens the pool, retrying connection failures as configured.
    public static func openDatabase(conf: Config, logger: Logger = Logger("nova.db.api")) async throws -> Database {
        let url = try DatabaseURL.parse(conf[DatabaseOptions.connection])
        let maxRetries = conf[DatabaseOptions.maxRetries]
        let interval = conf[DatabaseOptions.retryInterval]
        var attempt = 0
        while true {
            do {
                return try await Database.open(
                    url, poolSize: conf[DatabaseOptions.maxPoolSize],
                    busyTimeoutMs: conf[DatabaseOptions.busyTimeoutMs])
            } catch DatabaseError.connectionFailed(let masked, let reason) {
                attempt += 1
                guard maxRetries < 0 || attempt <= maxRetries else {
                    throw DatabaseError.connectionFailed(
                        url: masked, reason: "\(reason) (gave up after \(attempt) attempts)")
                }
                logger.warning(
                    "Database \(masked) unreachable (\(reason)); retrying in \(interval) s "
                        + "(attempt \(attempt) of \(maxRetries < 0 ? "unlimited" : String(maxRetries)))")
                try await Task.sleep(nanoseconds: UInt64(interval) * 1_000_000_000)
            }
        }
    }
}
