import Common
import Foundation

/// `GET /v2/images`'s query, as Glance reads it: filters (`name`, `status`, `visibility`, `owner`,
/// `container_format`, `disk_format`, `protected`, any other key as an image property), sorting
/// (`sort_key`/`sort_dir` or `sort=key:dir,...`; default newest first), `limit` (default 25, at most
/// 1000) and `marker`.
struct GlanceImageQuery {
    static let defaultLimit = 25
    static let maxLimit = 1000
    static let sortKeys = [
        "name", "status", "container_format", "disk_format", "size", "id", "created_at", "updated_at",
        "visibility", "owner", "min_ram", "min_disk",
    ]
    static let visibilities = ["public", "private", "shared", "community", "all"]
    static let paging: Set<String> = ["limit", "marker", "sort_key", "sort_dir", "sort"]
    static let plainFilters = ["name", "status", "owner", "container_format", "disk_format"]

    var filters: [(key: String, value: String)] = []
    var visibility: String?
    var isProtected: Bool?
    var sort: [(key: String, ascending: Bool)] = []
    var limit = defaultLimit
    var marker: String?

    init(_ q: QueryParameters) throws(ImageError) {
        for key in q.keys where !Self.paging.contains(key) {
            guard let value = q[key] else { continue }
            switch key {
            case "visibility":
                guard Self.visibilities.contains(value) else { throw .badRequest("Invalid visibility value: \(value)") }
                visibility = value
            case "protected":
                guard ["true", "false"].contains(value.lowercased()) else {
                    throw .badRequest("protected must be True, or False")
                }
                isProtected = value.lowercased() == "true"
            default: filters.append((key, value))
            }
        }
        if let text = q["limit"] {
            guard let n = Int(text.trimmingSpaces) else { throw .badRequest("limit param must be an integer") }
            guard n >= 0 else { throw .badRequest("limit param must be positive") }
            limit = min(n, Self.maxLimit)
        }
        marker = q["marker"]
        sort = try Self.parseSort(q)
    }

    static func parseSort(_ q: QueryParameters) throws(ImageError) -> [(key: String, ascending: Bool)] {
        var sort: [(key: String, ascending: Bool)] = []
        if let spec = q["sort"] {
            for item in spec.split(separator: ",") {
                let parts = item.split(separator: ":", maxSplits: 1).map { String($0).trimmingSpaces }
                let dir = parts.count > 1 ? parts[1] : "desc"
                guard ["asc", "desc"].contains(dir) else { throw .badRequest("Invalid sort direction: \(dir)") }
                sort.append((try key(parts[0]), dir == "asc"))
            }
        } else {
            let keys = q.all("sort_key")
            let dirs = q.all("sort_dir")
            for d in dirs where !["asc", "desc"].contains(d) { throw .badRequest("Invalid sort direction: \(d)") }
            for (i, k) in keys.enumerated() {
                let dir = i < dirs.count ? dirs[i] : (dirs.first ?? "desc")
                sort.append((try key(k), dir == "asc"))
            }
            if keys.isEmpty { sort.append(("created_at", (dirs.first ?? "desc") == "asc")) }
        }
        if !sort.contains(where: { $0.key == "id" }) { sort.append(("id", sort.last?.ascending ?? false)) }
        return sort
    }

    static func key(_ k: String) throws(ImageError) -> String {
        guard sortKeys.contains(k) else {
            throw .badRequest(
                "Invalid sort key: \(k). It should be one of the following: \(sortKeys.joined(separator: ", ")).")
        }
        return k
    }

    /// What the caller may see at all: Glance's default policy without image members.
    static func isVisible(_ image: Image, to context: RequestContext) -> Bool {
        context.isAdmin || image.visibility == "public" || image.visibility == "community"
            || (image.owner != nil && image.owner == context.projectId)
    }

    func matches(_ image: Image, _ context: RequestContext) -> Bool {
        guard Self.isVisible(image, to: context) else { return false }
        switch visibility {
        case nil:
            // Without a visibility filter Glance leaves out other projects' community images.
            if image.visibility == "community" && image.owner != context.projectId { return false }
        case "all": break
        case let v?: if image.visibility != v { return false }
        }
        if let isProtected, image.isProtected != isProtected { return false }
        for (key, value) in filters {
            let actual: String? =
                switch key {
                case "name": image.name
                case "status": image.status
                case "owner": image.owner
                case "container_format": image.containerFormat
                case "disk_format": image.diskFormat
                default: image.properties[key]
                }
            if actual != value { return false }
        }
        return true
    }

    /// The page of images and the marker of the next page, if the page is full.
    func page(_ images: [Image], _ context: RequestContext) throws(ImageError) -> (images: [Image], nextMarker: String?)
    {
        let sorted = images.filter { matches($0, context) }.sorted(by: ordered)
        var start = 0
        if let marker {
            guard let i = sorted.firstIndex(where: { $0.id == marker }) else {
                throw .badRequest("No image found with ID \(marker)")
            }
            start = i + 1
        }
        let page = Array(sorted[start...].prefix(limit))
        let full = limit > 0 && page.count == limit
        return (page, full ? page.last?.id : nil)
    }

    func ordered(_ a: Image, _ b: Image) -> Bool {
        for (key, ascending) in sort {
            let x = Self.sortValue(a, key)
            let y = Self.sortValue(b, key)
            if x == y { continue }
            return ascending ? x < y : y < x
        }
        return false
    }

    /// Comparable forms; a missing value sorts first ascending, as SQL NULLs on the databases Glance uses.
    enum SortValue: Comparable {
        case missing
        case number(Int)
        case text(String)
    }

    static func sortValue(_ i: Image, _ key: String) -> SortValue {
        func t(_ s: String?) -> SortValue { s.map { .text($0) } ?? .missing }
        func n(_ v: Int?) -> SortValue { v.map { .number($0) } ?? .missing }
        func d(_ v: Date?) -> SortValue {
            v.map { .number(Int(($0.timeIntervalSince1970 * 1e6).rounded())) } ?? .missing
        }
        return switch key {
        case "name": t(i.name)
        case "status": t(i.status)
        case "container_format": t(i.containerFormat)
        case "disk_format": t(i.diskFormat)
        case "visibility": t(i.visibility)
        case "owner": t(i.owner)
        case "size": n(i.size)
        case "min_ram": n(i.minRam)
        case "min_disk": n(i.minDisk)
        case "created_at": d(i.createdAt)
        case "updated_at": d(i.updatedAt)
        default: t(i.id)
        }
    }
}
