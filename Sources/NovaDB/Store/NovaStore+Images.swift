import Common
import Foundation

/// The image catalog (mini-Nova keeps it itself instead of proxying Glance; nova-manage fills it).
extension NovaStore {
    /// Stores a new image (`ObjectExists` when the id is taken); a missing id is made up.
    public func createImage(_ image: Image) async throws -> Image {
        var img = image
        if img.id.isEmpty { img.id = UUID().uuidString.lowercased() }
        let new = img
        return try await write { s in try Self.insertImage(new, s) }
    }

    static func insertImage(_ image: Image, _ s: DBSession) throws -> Image {
        var img = image
        img.setDefaults()
        var pairs = Tables.images.assignments(img.storage.values, excluding: ["created_at", "updated_at"])
        pairs.append(("created_at", now()))
        return try mapDuplicate(ObjectExists(kind: "Image", key: img.id)) { try Tables.images.insert(pairs, s) }
    }

    /// The image `id`; `ImageNotFound` otherwise.
    public func image(id: String) async throws -> Image {
        try await read { s in
            guard let r = try s.first(Tables.images.select(where: "id = ?"), [.text(id)]) else {
                throw ImageNotFound(imageID: id)
            }
            return Tables.images.decode(r)
        }
    }

    /// Images, newest first; `marker` is an image id. `name` and `status` match exactly.
    public func images(name: String? = nil, status: String? = nil, limit: Int? = nil, marker: String? = nil)
        async throws -> [Image]
    {
        try Self.checkLimit(limit)
        let keys: [SortKey] = [.desc("created_at"), .desc("id")]
        return try await read { s in
            var conds = ["1 = 1"]
            var params: [SQLValue] = []
            if let name {
                conds.append("name = ?")
                params.append(.text(name))
            }
            if let status {
                conds.append("status = ?")
                params.append(.text(status))
            }
            if let marker {
                guard let m = try s.first("SELECT * FROM images WHERE id = ?", [.text(marker)]) else {
                    throw MarkerNotFound(marker: marker)
                }
                let (after, ap) = KeysetPaging.after(keys, marker: m)
                conds.append(after)
                params += ap
            }
            var sql =
                Tables.images.select(where: conds.joined(separator: " AND ")) + " ORDER BY "
                + KeysetPaging.orderBy(keys)
            if let limit {
                sql += " LIMIT ?"
                params.append(.int(limit))
            }
            return try s.query(sql, params).map(Tables.images.decode)
        }
    }

    /// Deletes the image from the catalog.
    public func deleteImage(id: String) async throws {
        try await write { s in
            guard try s.execute("DELETE FROM images WHERE id = ?", [.text(id)]) > 0 else {
                throw ImageNotFound(imageID: id)
            }
        }
    }

    /// Makes sure the image exists with these attributes (nova-manage `image ensure`): creates it when
    /// missing, brings a differing one up to date (the catalog mirrors what the operator declares), and
    /// returns it with whether anything was written.
    public func ensureImage(_ image: Image) async throws -> (Image, changed: Bool) {
        try await write { s in
            guard let r = try s.first(Tables.images.select(where: "id = ?"), [.text(image.id)]) else {
                return (try Self.insertImage(image, s), true)
            }
            let existing = Tables.images.decode(r)
            let changed = image.storage.values.filter { k, v in
                Tables.images.isColumn(k) && !["id", "created_at", "updated_at"].contains(k)
                    && Self.differs(v, existing[k])
            }
            guard !changed.isEmpty else { return (existing, false) }
            let pairs = Tables.images.assignments(changed) + [("updated_at", Self.now())]
            return (try Tables.images.update(pairs, where: "id = ?", [.text(image.id)], s)[0], true)
        }
    }
}
