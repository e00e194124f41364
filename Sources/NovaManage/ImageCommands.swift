import Common
import Foundation
import NovaDB

/// `nova-manage image ...`: the image catalog (mini-Nova keeps it instead of asking Glance).
enum ImageCommands {
    static let all: [String: ManageCommand] = [
        "ensure": ManageCommand(
            summary: "Create the image, or bring the catalog entry up to date with these attributes.",
            options: OptionSpec(
                valued: [
                    "id": "image uuid", "name": "image name", "disk_format": "qcow2, raw, ...",
                    "container_format": "bare, ...", "min_disk": "GB a server needs (0)",
                    "min_ram": "MB a server needs (0)", "size": "bytes", "status": "active (default), queued, ...",
                    "property": "key=value image property (repeat as --property=k=v,k2=v2)",
                ],
                required: ["id", "name"]),
            run: ensure),
        "list": ManageCommand(summary: "List the image catalog.", options: OptionSpec(), run: list),
    ]

    static func ensure(_ ctx: ManageContext, _ opts: CommandOptions) async throws -> Int32 {
        var img = Image()
        img.id = opts.string("id") ?? ""
        guard UUID(uuidString: img.id) != nil else { throw UsageError("--id must be a UUID, got '\(img.id)'") }
        img.id = img.id.lowercased()
        img.name = opts.string("name")
        img.status = opts.string("status") ?? "active"
        img.minDisk = try opts.int("min_disk") ?? 0
        img.minRam = try opts.int("min_ram") ?? 0
        if let v = opts.string("disk_format") { img.diskFormat = v }
        if let v = opts.string("container_format") { img.containerFormat = v }
        if let v = try opts.int("size") { img.size = v }
        if let p = opts.string("property") { img.properties = try properties(p) }
        let store = try await ctx.store()
        defer { store.close() }
        let (image, changed) = try await store.ensureImage(img)
        print("Image \(image.id) (\(image.name ?? "")) \(changed ? "written" : "already up to date")")
        return 0
    }

    static func properties(_ text: String) throws(UsageError) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: ",") {
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2, !kv[0].isEmpty else { throw UsageError("--property wants key=value, got '\(pair)'") }
            out[kv[0]] = kv[1]
        }
        return out
    }

    static func list(_ ctx: ManageContext, _ opts: CommandOptions) async throws -> Int32 {
        let store = try await ctx.store()
        defer { store.close() }
        let rows = try await store.images().map {
            [$0.id, $0.name ?? "", $0.status, $0.diskFormat ?? "", String($0.size ?? 0)]
        }
        print(TextTable.render(["ID", "Name", "Status", "Disk Format", "Size"], rows))
        return 0
    }
}
