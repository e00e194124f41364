import Foundation
import NovaDB
import NovaTestSupport

/// The engines the database-backed API tests run on: SQLite (a temporary file) always, PostgreSQL (a
/// throwaway cluster from NovaTestSupport) for the tests where the engines lock differently.
enum DatabaseEngine: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite
    case postgresql

    var description: String { rawValue }

    static let directory: String = {
        let dir = NSTemporaryDirectory() + "mini-nova-apidb-tests"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }()

    /// A fresh, empty database: its URL and, for SQLite, the file to remove afterwards.
    func freshDatabase() throws -> (url: String, file: String?) {
        switch self {
        case .sqlite:
            let file = Self.directory + "/api-\(UUID().uuidString).sqlite"
            return ("sqlite:///" + file, file)
        case .postgresql:
            return (try PostgresTestServer.makeDatabase("apidb"), nil)
        }
    }

    /// A fresh database synced to head (as `nova-manage db sync` leaves it), in a store.
    func openStore() async throws -> (NovaStore, cleanup: @Sendable () -> Void) {
        let (url, file) = try freshDatabase()
        let db = try await Database.open(url, poolSize: 4)
        try await SchemaMigrator(database: db).sync()
        let store = NovaStore(database: db)
        return (
            store,
            {
                store.close()
                if let file {
                    for suffix in ["", "-wal", "-shm"] { unlink(file + suffix) }
                } else {
                    PostgresTestServer.dropDatabase(url)
                }
            }
        )
    }
}
