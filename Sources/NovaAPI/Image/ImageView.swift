import Common
import Foundation

/// An image as Glance v2 shows it: the core fields, `self`/`file`/`schema` links, and each extra
/// property as a top-level string (Glance's "additional properties").
enum ImageView {
    static let coreKeys: Set<String> = [
        "id", "name", "status", "visibility", "protected", "os_hidden", "tags", "container_format", "disk_format",
        "size", "virtual_size", "min_ram", "min_disk", "checksum", "os_hash_algo", "os_hash_value", "owner",
        "created_at", "updated_at", "self", "file", "schema", "locations", "direct_url",
    ]

    static func json(_ image: Image) -> JSONValue {
        var o: [String: JSONValue] = [
            "id": .string(image.id), "name": .from(image.name), "status": .string(image.status),
            "visibility": .string(image.visibility), "protected": .bool(image.isProtected), "os_hidden": false,
            "tags": [], "container_format": .from(image.containerFormat), "disk_format": .from(image.diskFormat),
            "size": .from(image.size), "virtual_size": .null, "min_ram": .int(image.minRam),
            "min_disk": .int(image.minDisk),
            "checksum": .from(image.checksum), "os_hash_algo": .null, "os_hash_value": .null,
            "owner": .from(image.owner), "created_at": time(image.createdAt),
            "updated_at": time(image.updatedAt ?? image.createdAt),
            "self": .string("/v2/images/" + image.id), "file": .string("/v2/images/\(image.id)/file"),
            "schema": "/v2/schemas/image",
        ]
        for (key, value) in image.properties where !coreKeys.contains(key) { o[key] = .string(value) }
        return .object(o)
    }

    /// Glance's timestamps have whole seconds: `2014-05-05T17:15:10Z`.
    static func time(_ date: Date?) -> JSONValue { date.map { .string(NovaTime.format($0, .isoSeconds)) } ?? .null }
}
