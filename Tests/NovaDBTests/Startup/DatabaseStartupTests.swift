import Common
import Foundation
import NovaDB
import Testing

@Suite("Opening the database at service start")
struct DatabaseStartupTests {
    func conf(_ connection: String, retries: Int = 0) -> Config {
        Config(
            definitions: NovaOptions.all,
            overrides: [
                "database.connection": .string(connection), "database.max_retries": .int(retries),
                "database.retry_interval": .int(0),
            ])
    }

    @Test("an unreachable database is retried max_retries times, then fails naming the masked URL")
    func unreachable() async throws {
        await #expect {
            _ = try await DatabaseStartup.openStore(conf: conf("postgresql://nova:secret@127.0.0.1:1/nova", retries: 2))
        } throws: { error in
            guard case DatabaseError.connectionFailed(let url, let reason) = error else { return false }
            return url == "postgresql://nova:****@127.0.0.1:1/nova" && reason.contains("after 3 attempts")
        }
    }

    @Test("an unsynced database asks for db sync; a synced one opens", arguments: TestEngine.allCases)
    func schemaCheck(engine: TestEngine) async throws {
        let url = try await engine.freshURL()
        await #expect(throws: DatabaseError.schemaTooOld(database: 0, head: SchemaMigrations.head)) {
            _ = try await DatabaseStartup.openStore(conf: conf(url))
        }
        let db = try await Database.open(url, poolSize: 1)
        try await SchemaMigrator(database: db).sync()
        db.close()
        let store = try await DatabaseStartup.openStore(conf: conf(url))
        #expect(try await store.instances().isEmpty)
        store.close()
    }

    @Test("a bad connection string is reported, not retried")
    func badURL() async throws {
        await #expect {
            _ = try await DatabaseStartup.openStore(conf: conf("mysql+pymysql://nova:pw@db/nova", retries: 5))
        } throws: { error in
            guard case DatabaseError.invalidURL(let url, _) = error else { return false }
            return url == "mysql+pymysql://nova:****@db/nova"
        }
    }
}
