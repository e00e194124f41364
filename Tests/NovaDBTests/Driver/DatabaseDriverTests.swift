import Foundation
import NovaDB
import Testing

@Suite("Database driver on both engines")
struct DatabaseDriverTests {
    @Test("bound parameters round-trip every value kind", arguments: TestEngine.allCases)
    func roundTrip(engine: TestEngine) async throws {
        let db = try await engine.openDatabase()
        defer { db.close() }
        try await db.transaction { s in
            try s.script("CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(255), ratio DOUBLE PRECISION, n BIGINT)")
            try s.execute(
                "INSERT INTO t (id, name, ratio, n) VALUES (?, ?, ?, ?)",
                [.int(1), .text("it's \"quoted\" ? not a placeholder"), .double(1.5), .null])
            try s.execute(
                "INSERT INTO t (id, name, ratio, n) VALUES (?, ?, ?, ?)",
                [.int(2), .text("ünïcode ✓"), .double(16.0), .int(Int(Int32.max) + 10)])
        }
        let rows = try await db.read { s in try s.query("SELECT id, name, ratio, n FROM t ORDER BY id") }
        #expect(rows.count == 2)
        #expect(rows[0].string("name") == "it's \"quoted\" ? not a placeholder")
        #expect(rows[0].double("ratio") == 1.5)
        #expect(rows[0]["n"].isNull)
        #expect(rows[1].string("name") == "ünïcode ✓")
        #expect(rows[1].int("n") == Int(Int32.max) + 10)
    }

    @Test("a user-supplied string is data, never SQL", arguments: TestEngine.allCases)
    func noInjection(engine: TestEngine) async throws {
        let db = try await engine.openDatabase()
        defer { db.close() }
        let evil = "x'); DROP TABLE t; --"
        try await db.transaction { s in
            try s.script("CREATE TABLE t (name VARCHAR(255))")
            try s.execute("INSERT INTO t (name) VALUES (?)", [.text(evil)])
        }
        let found = try await db.read { s in try s.query("SELECT name FROM t WHERE name = ?", [.text(evil)]) }
        #expect(found.map { $0.string("name") } == [evil])
    }

    @Test("a unique violation is a typed duplicate error", arguments: TestEngine.allCases)
    func duplicate(engine: TestEngine) async throws {
        let db = try await engine.openDatabase()
        defer { db.close() }
        try await db.transaction { s in try s.script("CREATE TABLE t (name VARCHAR(20) UNIQUE)") }
        try await db.transaction { s in try s.execute("INSERT INTO t (name) VALUES (?)", [.text("a")]) }
        await #expect {
            try await db.transaction { s in try s.execute("INSERT INTO t (name) VALUES (?)", [.text("a")]) }
        } throws: { error in
            if case DatabaseError.duplicate = error { return true }
            return false
        }
    }

    @Test("a transaction that throws leaves nothing behind", arguments: TestEngine.allCases)
    func rollback(engine: TestEngine) async throws {
        struct Boom: Error {}
        let db = try await engine.openDatabase()
        defer { db.close() }
        try await db.transaction { s in try s.script("CREATE TABLE t (n INTEGER)") }
        await #expect(throws: Boom.self) {
            try await db.transaction { s in
                try s.execute("INSERT INTO t (n) VALUES (?)", [.int(1)])
                throw Boom()
            }
        }
        let count = try await db.read { s in try s.scalarInt("SELECT COUNT(*) FROM t") }
        #expect(count == 0)
    }

    @Test("concurrent transactions on several connections all commit", arguments: TestEngine.allCases)
    func concurrentWriters(engine: TestEngine) async throws {
        let db = try await engine.openDatabase(poolSize: 4)
        defer { db.close() }
        try await db.transaction { s in
            try s.script("CREATE TABLE c (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
            try s.execute("INSERT INTO c (id, n) VALUES (1, 0)")
        }
        try await withThrowingTaskGroup(of: Void.self) { g in
            for _ in 0..<40 {
                g.addTask {
                    try await db.transaction { s in
                        let n = try s.scalarInt("SELECT n FROM c WHERE id = 1 FOR UPDATE".forDialect(s.dialect)) ?? 0
                        try s.execute("UPDATE c SET n = ? WHERE id = 1", [.int(n + 1)])
                    }
                }
            }
            try await g.waitForAll()
        }
        let n = try await db.read { s in try s.scalarInt("SELECT n FROM c WHERE id = 1") }
        #expect(n == 40)
    }

    @Test("more distinct statements than the cache holds still run, old ones again too", arguments: TestEngine.allCases)
    func statementCacheBound(engine: TestEngine) async throws {
        let db = try await engine.openDatabase(poolSize: 1)
        defer { db.close() }
        let sum = try await db.read { s in
            var total = 0
            for n in 0..<1100 { total += try s.scalarInt("SELECT \(n) + ?", [.int(1)]) ?? 0 }
            for n in 0..<10 { total += try s.scalarInt("SELECT \(n) + ?", [.int(1)]) ?? 0 }
            return total
        }
        #expect(sum == (0..<1100).reduce(0) { $0 + $1 + 1 } + (0..<10).reduce(0) { $0 + $1 + 1 })
    }

    @Test("a closed pool refuses work with a typed error", arguments: TestEngine.allCases)
    func closedPool(engine: TestEngine) async throws {
        let db = try await engine.openDatabase(poolSize: 2)
        db.close()
        await #expect(throws: DatabaseError.closed) { try await db.read { s in try s.scalarInt("SELECT 1") } }
    }

    @Test("an unreachable server is a connection error naming the masked URL")
    func unreachable() async throws {
        await #expect {
            _ = try await Database.open("postgresql://nova:secret@127.0.0.1:1/nova", poolSize: 1)
        } throws: { error in
            guard case DatabaseError.connectionFailed(let url, _) = error else { return false }
            return url == "postgresql://nova:****@127.0.0.1:1/nova" && !"\(error)".contains("secret")
        }
    }

    @Test("a sqlite file in a missing directory is a connection error")
    func missingDirectory() async throws {
        await #expect {
            _ = try await Database.open("sqlite:////nonexistent-dir/x/nova.sqlite", poolSize: 1)
        } throws: { error in
            if case DatabaseError.connectionFailed = error { return true }
            return false
        }
    }
}

extension String {
    /// SQLite has no FOR UPDATE (its write transaction already holds the database lock).
    func forDialect(_ d: SQLDialect) -> String {
        d == .sqlite ? replacingOccurrences(of: " FOR UPDATE", with: "") : self
    }
}
