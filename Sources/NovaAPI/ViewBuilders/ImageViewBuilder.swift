import Common

/// Images as Nova's image proxy showed them (`views/images.py`), up to 2.35.
enum ImageViewBuilder {
    static let statuses = [
        "active": "ACTIVE", "queued": "SAVING", "saving": "SAVING", "deleted": "DELETED",
        "pending_delete": "DELETED", "killed": "ERROR",
    ]
    static let progress = ["queued": 25, "saving": 50, "active": 100]

    /// self, bookmark, and the image service's own URL (our `/image` endpoint).
    static func links(_ id: String, _ req: APIRequest) -> JSONValue {
        var l = req.links.links("images", id).arrayValue ?? []
        l.append([
            "rel": "alternate", "type": "application/vnd.openstack.image",
            "href": .string(req.links.baseURL + "/image/images/" + id),
        ])
        return .array(l)
    }

    static func basic(_ i: Image, _ req: APIRequest) -> JSONValue {
        ["id": .string(i.id), "name": .from(i.name), "links": links(i.id, req)]
    }

    static func detail(_ i: Image, _ req: APIRequest) -> JSONValue {
        let status = i.status.lowercased()
        var o: [String: JSONValue] = [
            "id": .string(i.id), "name": .from(i.name), "minRam": .int(i.minRam), "minDisk": .int(i.minDisk),
            "metadata": .object(i.properties.mapValues { .string($0) }),
            "created": .from(i.createdAt.map { NovaTime.format($0, .isoSeconds) }),
            "updated": .from(i.updatedAt.map { NovaTime.format($0, .isoSeconds) }),
            "status": .string(statuses[status] ?? "UNKNOWN"), "progress": .int(progress[status] ?? 0),
            "OS-EXT-IMG-SIZE:size": .from(i.size), "links": links(i.id, req),
        ]
        if let server = i.properties["instance_uuid"] {
            o["server"] = ["id": .string(server), "links": req.links.links("servers", server)]
        }
        if let adc = i.properties["auto_disk_config"], let b = RequestParsing.bool(adc) {
            o["OS-DCF:diskConfig"] = .string(b ? "AUTO" : "MANUAL")
        }
        return .object(o)
    }
}
