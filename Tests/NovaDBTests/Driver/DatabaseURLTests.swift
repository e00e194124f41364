import NovaDB
import Testing

@Suite("[database] connection URLs")
struct DatabaseURLTests {
    @Test("sqlite URLs follow SQLAlchemy: four slashes for an absolute path, three for a relative one")
    func sqlitePaths() throws {
        #expect(
            try DatabaseURL.parse("sqlite:////var/lib/nova/nova.sqlite") == .sqlite(path: "/var/lib/nova/nova.sqlite"))
        #expect(try DatabaseURL.parse("sqlite:///nova.sqlite") == .sqlite(path: "nova.sqlite"))
    }

    @Test(
        "in-memory and path-less sqlite URLs are refused", arguments: ["sqlite://", "sqlite:///", "sqlite:///:memory:"])
    func sqliteRefused(url: String) {
        #expect(throws: DatabaseError.self) { try DatabaseURL.parse(url) }
    }

    @Test("postgresql URLs give libpq keywords, percent-decoded")
    func postgres() throws {
        guard
            case .postgresql(let p) = try DatabaseURL.parse(
                "postgresql://nova:p%40ss@db.example:5433/nova?sslmode=disable")
        else {
            Issue.record("not postgresql")
            return
        }
        #expect(p.value("user") == "nova")
        #expect(p.value("password") == "p@ss")
        #expect(p.value("host") == "db.example")
        #expect(p.value("port") == "5433")
        #expect(p.value("dbname") == "nova")
        #expect(p.value("sslmode") == "disable")
    }

    @Test("a SQLAlchemy driver suffix and a socket directory are accepted")
    func postgresVariants() throws {
        guard case .postgresql(let p) = try DatabaseURL.parse("postgresql+psycopg2://nova@/nova?host=/run/postgresql")
        else {
            Issue.record("not postgresql")
            return
        }
        #expect(p.value("host") == "/run/postgresql")
        #expect(p.value("user") == "nova")
    }

    @Test("the description masks the password")
    func masked() throws {
        let url = try DatabaseURL.parse("postgresql://nova:hunter2@10.0.0.5:5432/nova")
        #expect(url.description == "postgresql://nova:****@10.0.0.5:5432/nova")
        #expect(DatabaseURL.maskPassword("mysql://u:hunter2@h/d") == "mysql://u:****@h/d")
    }

    @Test(
        "bad URLs get a clear error",
        arguments: [
            "nova.sqlite", "mysql://u:p@h/d", "postgresql://nova@host", "postgresql://nova@host:99999/nova",
            "postgresql://nova@host:abc/nova", "postgresql://nova@host/",
        ])
    func invalid(url: String) {
        #expect {
            try DatabaseURL.parse(url)
        } throws: { error in
            guard case DatabaseError.invalidURL(_, let reason) = error else { return false }
            return !reason.isEmpty
        }
    }
}
