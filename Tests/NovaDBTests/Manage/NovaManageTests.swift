import Common
import Foundation
import NovaDB
import Testing

@Suite("nova-manage against both engines")
struct NovaManageTests {
    /// A config file pointing at a fresh database, and the URL.
    func setup(_ engine: TestEngine) async throws -> (conf: String, url: String) {
        let url = try await engine.freshURL("manage")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nova-manage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let conf = dir.appendingPathComponent("nova.conf").path
        try "[database]\nconnection = \(url)\n".write(toFile: conf, atomically: true, encoding: .utf8)
        return (conf, url)
    }

    func manage(_ conf: String, _ args: String...) async throws -> ManageRunner.Result {
        try await ManageRunner.run(["--config-file", conf] + args)
    }

    @Test("db sync on an empty database, again, then db version", arguments: TestEngine.allCases)
    func sync(engine: TestEngine) async throws {
        let (conf, _) = try await setup(engine)
        let before = try await manage(conf, "db", "version")
        #expect(before.status == 0 && before.stdout == "0\n")
        let first = try await manage(conf, "db", "sync")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("database at version \(SchemaMigrations.head)"))
        let second = try await manage(conf, "db", "sync")
        #expect(second.status == 0)
        #expect(second.stdout == "Database already at version \(SchemaMigrations.head)\n")
        let version = try await manage(conf, "db", "version")
        #expect(version.stdout == "\(SchemaMigrations.head)\n")
    }

    @Test("the catalog commands of scripts/lib/stack.sh work and are idempotent", arguments: TestEngine.allCases)
    func seedCatalog(engine: TestEngine) async throws {
        let (conf, url) = try await setup(engine)
        _ = try await manage(conf, "db", "sync")
        for _ in 0..<2 {
            for (id, name, vcpus, ram, disk) in [
                ("1", "m1.tiny", 1, 512, 1), ("2", "m1.small", 1, 2048, 20),
                ("3", "m1.medium", 2, 4096, 40), ("4", "m1.large", 4, 8192, 80),
            ] {
                let r = try await ManageRunner.run([
                    "--config-file", conf, "flavor", "ensure", "--id", id, "--name", name,
                    "--vcpus", String(vcpus), "--ram", String(ram), "--disk", String(disk),
                ])
                #expect(r.status == 0, "\(r.stderr)")
            }
            let img = try await manage(
                conf, "image", "ensure", "--id", "70a599e0-31e7-49b7-b260-868f441e862b",
                "--name", "cirros-0.6.2", "--disk-format", "qcow2", "--size", "21430272",
                "--min-disk", "0", "--min-ram", "0")
            #expect(img.status == 0, "\(img.stderr)")
        }
        let db = try await Database.open(url, poolSize: 1)
        let store = NovaStore(database: db)
        defer { store.close() }
        let flavors = try await store.flavors()
        #expect(flavors.map(\.name) == ["m1.tiny", "m1.small", "m1.medium", "m1.large"])
        #expect(flavors[2].vcpus == 2 && flavors[2].memoryMB == 4096 && flavors[2].rootGB == 40 && flavors[2].isPublic)
        let image = try await store.image(id: "70a599e0-31e7-49b7-b260-868f441e862b")
        #expect(image.name == "cirros-0.6.2" && image.size == 21_430_272 && image.diskFormat == "qcow2")
        #expect(image.status == "active")

        let conflict = try await manage(
            conf, "flavor", "ensure", "--id", "1", "--name", "m1.tiny", "--vcpus", "2",
            "--ram", "512", "--disk", "1")
        #expect(conflict.status == 1)
        #expect(conflict.stderr.contains("already exists with different vcpus"))
        let list = try await manage(conf, "service", "list")
        #expect(list.status == 0 && list.stdout.hasPrefix("Binary"))
    }

    @Test("archive_deleted_rows and purge work from the command line", arguments: TestEngine.allCases)
    func archivePurge(engine: TestEngine) async throws {
        let (conf, url) = try await setup(engine)
        _ = try await manage(conf, "db", "sync")
        let db = try await Database.open(url, poolSize: 1)
        let store = NovaStore(database: db)
        defer { store.close() }
        let i = try await store.createInstance(Fixtures.instance())
        _ = try await store.destroyInstance(uuid: i.uuid)

        let none = try await manage(conf, "db", "purge", "--all")
        #expect(none.status == 3)
        let archived = try await manage(conf, "db", "archive_deleted_rows", "--max_rows", "10", "--verbose")
        #expect(archived.status == 1, "\(archived.stderr)")
        #expect(archived.stdout.contains("instances"))
        let again = try await manage(conf, "db", "archive_deleted_rows", "--until-complete")
        #expect(again.status == 0)
        let purged = try await manage(conf, "db", "purge", "--all", "--verbose")
        #expect(purged.status == 0)
        #expect(purged.stdout.contains("shadow_instances"))
        #expect(try await store.shadowRowCounts().values.allSatisfy { $0 == 0 })
    }

    @Test("bad usage exits 2 with a message; an old schema asks for db sync", arguments: TestEngine.allCases)
    func errors(engine: TestEngine) async throws {
        let (conf, _) = try await setup(engine)
        let missing = try await manage(conf, "flavor", "ensure", "--id", "1")
        #expect(missing.status == 2 && missing.stderr.contains("--name is required"))
        let badInt = try await manage(
            conf, "flavor", "ensure", "--id", "1", "--name", "x", "--vcpus", "two",
            "--ram", "1", "--disk", "1")
        #expect(badInt.status == 2 && badInt.stderr.contains("--vcpus must be an integer"))
        let unknown = try await manage(conf, "flavor", "ensure", "--bogus", "1")
        #expect(unknown.status == 2 && unknown.stderr.contains("unknown option --bogus"))
        let group = try await manage(conf, "nosuch", "thing")
        #expect(group.status == 2 && group.stderr.contains("unknown command group 'nosuch'"))
        let purge = try await manage(conf, "db", "purge")
        #expect(purge.status == 2)
        let unsynced = try await manage(conf, "flavor", "list")
        #expect(unsynced.status == 1 && unsynced.stderr.contains("nova-manage db sync"))
    }

    @Test("an unreachable database fails with the URL, password masked")
    func unreachable() async throws {
        let r = try await ManageRunner.run([
            "--database.connection=postgresql://nova:hunter2@127.0.0.1:1/nova",
            "db", "version",
        ])
        #expect(r.status == 1)
        #expect(r.stderr.contains("postgresql://nova:****@127.0.0.1:1/nova"))
        #expect(!r.stderr.contains("hunter2"))
    }
}
