import Common
import Foundation
import NovaDB

/// `nova-manage db ...`: schema and housekeeping of soft-deleted rows.
enum DBCommands {
    static let all: [String: ManageCommand] = [
        "sync": ManageCommand(
            summary: "Bring the database schema to this release's version (idempotent).",
            options: OptionSpec(), run: sync),
        "version": ManageCommand(summary: "Print the database schema version.", options: OptionSpec(), run: version),
        "archive_deleted_rows": ManageCommand(
            summary: "Move soft-deleted rows to the shadow tables. Exit 1 when rows were archived, 0 when none.",
            options: OptionSpec(
                valued: [
                    "max_rows": "most instances/services/nodes to take per batch (1000)",
                    "before": "only rows deleted before this date",
                ],
                flags: [
                    "verbose": "print what was archived per table",
                    "until_complete": "repeat batches until nothing is left",
                ]),
            run: archive),
        "purge": ManageCommand(
            summary: "Delete rows from the shadow tables. Exit 0 when rows were purged, 3 when none.",
            options: OptionSpec(
                valued: ["before": "only rows archived before this date"],
                flags: ["all": "purge everything", "verbose": "print what was purged per table"]),
            run: purge),
    ]

    static func sync(_ ctx: ManageContext, _ opts: CommandOptions) async throws -> Int32 {
        let store = try await ctx.store(checkSchema: false)
        defer { store.close() }
        let migrator = SchemaMigrator(database: store.database)
        let applied = try await migrator.sync()
        let now = try await migrator.currentVersion()
        if applied.isEmpty {
            print("Database already at version \(now)")
        } else {
            print("Applied migrations \(applied.map(String.init).joined(separator: ", ")); database at version \(now)")
        }
        return 0
    }

    static func version(_ ctx: ManageContext, _ opts: CommandOptions) async throws -> Int32 {
        let store = try await ctx.store(checkSchema: false)
        defer { store.close() }
        print(try await SchemaMigrator(database: store.database).currentVersion())
        return 0
    }

    static func archive(_ ctx: ManageContext, _ opts: CommandOptions) async throws -> Int32 {
        let maxRows = try opts.int("max_rows", min: 1) ?? 1000
        let before = try opts.date("before")
        let store = try await ctx.store()
        defer { store.close() }
        var total: [String: Int] = [:]
        while true {
            let batch = try await store.archiveDeletedRows(maxRows: maxRows, before: before)
            for (t, n) in batch { total[t, default: 0] += n }
            if batch.isEmpty || !opts.flag("until_complete") { break }
        }
        if opts.flag("verbose") { printTable(total, header: "Table", empty: "Nothing was archived.") }
        return total.isEmpty ? 0 : 1
    }

    static func purge(_ ctx: ManageContext, _ opts: CommandOptions) async throws -> Int32 {
        let before = try opts.date("before")
        guard opts.flag("all") || before != nil else {
            throw UsageError("give --all to purge everything, or --before DATE")
        }
        guard !(opts.flag("all") && before != nil) else { throw UsageError("--all and --before exclude each other") }
        let store = try await ctx.store()
        defer { store.close() }
        let purged = try await store.purgeShadowTables(before: before)
        if opts.flag("verbose") { printTable(purged, header: "Table", empty: "Nothing was purged.") }
        return purged.isEmpty ? 3 : 0
    }

    static func printTable(_ counts: [String: Int], header: String, empty: String) {
        guard !counts.isEmpty else {
            print(empty)
            return
        }
        let width = max(header.count, counts.keys.map(\.count).max() ?? 0)
        print(header.padding(toLength: width, withPad: " ", startingAt: 0) + " | Number of Rows")
        for (t, n) in counts.sorted(by: { $0.key < $1.key }) {
            print(t.padding(toLength: width, withPad: " ", startingAt: 0) + " | \(n)")
        }
    }
}
