import Foundation
import NovaDB
import Testing

@Suite("Schema migrations on both engines")
struct SchemaMigratorTests {
    @Test("db sync brings an empty database to head and records each version", arguments: TestEngine.allCases)
    func syncFresh(engine: TestEngine) async throws {
        let db = try await engine.openDatabase()
        defer { db.close() }
        let migrator = SchemaMigrator(database: db)
        #expect(try await migrator.currentVersion() == 0)
        let applied = try await migrator.sync()
        #expect(applied == SchemaMigrations.all.map(\.version))
        #expect(try await migrator.currentVersion() == SchemaMigrations.head)
        try await migrator.checkCurrent()
        // Every table the store uses is there, shadow tables included.
        let tables =
            [
                "services", "compute_nodes", "inventories", "allocations", "flavors", "flavor_extra_specs",
                "flavor_projects", "images", "key_pairs", "instances", "instance_metadata",
                "instance_system_metadata", "instance_faults", "instance_actions", "instance_actions_events",
                "migrations", "request_specs", "aggregates", "aggregate_hosts", "aggregate_metadata",
                "instance_groups", "instance_group_member", "quotas", "quota_classes",
            ]
            + SchemaMigration.shadowed.map { "shadow_\($0)" }
        for t in tables {
            let n = try await db.read { s in try s.scalarInt("SELECT COUNT(*) FROM \(t)") }
            #expect(n == 0, "table \(t)")
        }
    }

    @Test("db sync is idempotent", arguments: TestEngine.allCases)
    func idempotent(engine: TestEngine) async throws {
        let db = try await engine.openDatabase()
        defer { db.close() }
        let migrator = SchemaMigrator(database: db)
        try await migrator.sync()
        #expect(try await migrator.sync() == [])
        #expect(try await migrator.currentVersion() == SchemaMigrations.head)
    }

    @Test("an older database gets only the migrations it lacks", arguments: TestEngine.allCases)
    func upgradeOlder(engine: TestEngine) async throws {
        let db = try await engine.openDatabase()
        defer { db.close() }
        let old = SchemaMigrator(database: db, migrations: Array(SchemaMigrations.all.prefix(2)))
        #expect(try await old.sync() == [1, 2])
        let current = SchemaMigrator(database: db)
        await #expect(throws: DatabaseError.schemaTooOld(database: 2, head: SchemaMigrations.head)) {
            try await current.checkCurrent()
        }
        #expect(try await current.sync() == Array(3...SchemaMigrations.head))
        try await current.checkCurrent()
    }

    @Test("a database newer than the binary is refused", arguments: TestEngine.allCases)
    func newerRefused(engine: TestEngine) async throws {
        let db = try await engine.openDatabase()
        defer { db.close() }
        try await SchemaMigrator(database: db).sync()
        let older = SchemaMigrator(database: db, migrations: Array(SchemaMigrations.all.prefix(3)))
        await #expect(throws: DatabaseError.schemaTooNew(database: SchemaMigrations.head, head: 3)) {
            try await older.checkCurrent()
        }
        await #expect(throws: DatabaseError.schemaTooNew(database: SchemaMigrations.head, head: 3)) {
            try await older.sync()
        }
    }

    @Test("two syncs racing on one database both end at head", arguments: TestEngine.allCases)
    func concurrentSync(engine: TestEngine) async throws {
        let url = try await engine.freshURL()
        let a = try await Database.open(url, poolSize: 1)
        let b = try await Database.open(url, poolSize: 1)
        defer {
            a.close()
            b.close()
        }
        async let ra = SchemaMigrator(database: a).sync()
        async let rb = SchemaMigrator(database: b).sync()
        let (applied1, applied2) = try await (ra, rb)
        #expect((applied1 + applied2).sorted() == SchemaMigrations.all.map(\.version))
        #expect(try await SchemaMigrator(database: a).currentVersion() == SchemaMigrations.head)
    }
}
