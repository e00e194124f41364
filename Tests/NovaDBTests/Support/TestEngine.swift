import Foundation
import NovaDB
import NovaTestSupport

/// The two engines every behavioural test runs against.
enum TestEngine: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite
    case postgresql

    var description: String { rawValue }

    /// The URL of a fresh, empty database on this engine.
    func freshURL(_ purpose: String = "novadb") async throws -> String {
        switch self {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mini-nova-db-tests")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            return "sqlite:///" + dir.appendingPathComponent("\(purpose)-\(UUID().uuidString).sqlite").path
        case .postgresql:
            return try await PostgresTestServer.newDatabase(purpose)
        }
    }

    /// A fresh database opened with a pool.
    func openDatabase(poolSize: Int = 3) async throws -> Database {
        try await Database.open(try await freshURL(), poolSize: poolSize)
    }
}

extension TestEngine {
    /// A fresh database synced to head, wrapped in a store.
    func openStore(poolSize: Int = 3) async throws -> NovaStore {
        let db = try await openDatabase(poolSize: poolSize)
        try await SchemaMigrator(database: db).sync()
        return NovaStore(database: db)
    }
}
