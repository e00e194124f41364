import Common
import Foundation

/// `GET /flavors` as the compute API sorts it: by any flavor column Nova's API accepts (`description`,
/// `disabled`, `vcpu_weight`, `updated_at` too), with the same filters as `flavors(...)`.
extension NovaStore {
    /// Flavors in `sort` order (then by id) after the flavor `marker` (a flavorid), at most `limit`.
    /// `isPublic`: true = public (plus the private ones `projectID` was given), false = private only,
    /// nil = both; `disabled` nil = both. `InvalidInput` for a sort key that is not a flavor column,
    /// `MarkerNotFound` for an unknown marker.
    public func listFlavors(isPublic: Bool?, projectID: String?, minRAM: Int?, minDisk: Int?, disabled: Bool?,
                            sort: [SortKey], limit: Int?, marker: String?) async throws -> [Flavor]
    {
        try Self.checkLimit(limit)
        for k in sort where !Tables.flavors.isColumn(k.column) {
            throw InvalidInput(reason: "sort key \(k.column) is not supported")
        }
        let keys = KeysetPaging.total(sort)
        return try await read { s in
            var conds = ["1 = 1"]
            var params: [SQLValue] = []
            func add(_ c: String, _ v: SQLValue?) {
                guard let v else { return }
                conds.append(c)
                params.append(v)
            }
            add("disabled = ?", disabled.map { .int($0 ? 1 : 0) })
            if isPublic == true, let projectID {
                add("(is_public = 1 OR id IN (SELECT flavor_id FROM flavor_projects WHERE project_id = ?))",
                    .text(projectID))
            } else {
                add("is_public = ?", isPublic.map { .int($0 ? 1 : 0) })
            }
            add("memory_mb >= ?", minRAM.map { .int($0) })
            add("root_gb >= ?", minDisk.map { .int($0) })
            if let marker {
                guard let m = try s.first("SELECT * FROM flavors WHERE flavorid = ?", [.text(marker)]) else {
                    throw MarkerNotFound(marker: marker)
                }
                let (after, ap) = KeysetPaging.after(keys, marker: m)
                conds.append(after)
                params += ap
            }
            var sql = Tables.flavors.select(where: conds.joined(separator: " AND ")) + " ORDER BY "
                + KeysetPaging.orderBy(keys)
            if let limit {
                sql += " LIMIT ?"
                params.append(.int(limit))
            }
            return try Self.attachFlavorExtras(try s.query(sql, params).map(Tables.flavors.decode), s)
        }
    }
}
