import Common
import Foundation

/// The compute API's `GET /images` over the catalog (Glance's filters as Nova's proxy passes them).
extension NovaStore {
    /// Images, newest first, matching every given filter: `name` exactly, `status` ignoring case, changed
    /// (updated, else created) at or after `changesSince`, `min_ram`/`min_disk` at least the given values;
    /// after the image `marker`, at most `limit`.
    public func images(name: String?, status: String?, changesSince: Date?, minRAM: Int?, minDisk: Int?,
                       limit: Int?, marker: String?) async throws -> [Image]
    {
        try Self.checkLimit(limit)
        let keys: [SortKey] = [.desc("created_at"), .desc("id")]
        return try await read { s in
            var conds = ["1 = 1"]
            var params: [SQLValue] = []
            func add(_ c: String, _ v: SQLValue?) {
                guard let v else { return }
                conds.append(c)
                params.append(v)
            }
            add("name = ?", name.map { .text($0) })
            add("LOWER(status) = LOWER(CAST(? AS TEXT))", status.map { .text($0) })
            add("COALESCE(updated_at, created_at) >= ?", changesSince.map { .from($0) })
            add("min_ram >= ?", minRAM.map { .int($0) })
            add("min_disk >= ?", minDisk.map { .int($0) })
            if let marker {
                guard let m = try s.first("SELECT * FROM images WHERE id = ?", [.text(marker)]) else {
                    throw MarkerNotFound(marker: marker)
                }
                let (after, ap) = KeysetPaging.after(keys, marker: m)
                conds.append(after)
                params += ap
            }
            var sql = Tables.images.select(where: conds.joined(separator: " AND ")) + " ORDER BY "
                + KeysetPaging.orderBy(keys)
            if let limit {
                sql += " LIMIT ?"
                params.append(.int(limit))
            }
            return try s.query(sql, params).map(Tables.images.decode)
        }
    }
}
