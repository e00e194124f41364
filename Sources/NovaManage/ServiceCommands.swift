import Common
import Foundation
import NovaDB

/// `nova-manage service ...`.
enum ServiceCommands {
    static let all: [String: ManageCommand] = [
        "list": ManageCommand(
            summary: "List services with their state (:-) up, XXX down) as nova-manage does.",
            options: OptionSpec(valued: ["host": "only this host", "binary": "only this binary"]),
            run: list)
    ]

    static func list(_ ctx: ManageContext, _ opts: CommandOptions) async throws -> Int32 {
        let store = try await ctx.store()
        defer { store.close() }
        let services = try await store.services(binary: opts.string("binary"), host: opts.string("host"))
        var zones: [String: String] = [:]
        for agg in try await store.aggregates() {
            guard let az = agg.availabilityZone else { continue }
            for h in agg.hosts ?? [] where zones[h] == nil { zones[h] = az }
        }
        let downTime = ctx.conf[CommonOptions.serviceDownTime]
        let rows = services.map { s -> [String] in
            let zone = s.binary == "nova-compute" ? zones[s.host ?? ""] ?? "nova" : "internal"
            let updated = (s.updatedAt ?? s.createdAt).map { NovaTime.format($0, .sql) } ?? "-"
            return [
                s.binary ?? "", s.host ?? "", zone, s.disabled ? "disabled" : "enabled",
                NovaStore.isUp(s, serviceDownTime: downTime) ? ":-)" : "XXX", updated,
                s.forcedDown ? "True" : "False",
            ]
        }
        print(TextTable.render(["Binary", "Host", "Zone", "Status", "State", "Updated_At", "Forced down"], rows))
        return 0
    }
}
