import Common
import Foundation

/// `GET /os-hypervisors`: compute nodes by id, filtered by hostname and paged.
extension NovaStore {
    /// Live nodes whose `hypervisor_hostname` contains `hostnameContaining` (Nova's `%pattern%` LIKE, taken
    /// literally), ordered by id, after the node `marker` (its id before microversion 2.53, its uuid from
    /// it), at most `limit`. `MarkerNotFound` for a marker that names no live node.
    public func computeNodes(hostnameContaining pattern: String?, limit: Int?, marker: String?) async throws
        -> [ComputeNode]
    {
        try Self.checkLimit(limit)
        return try await read { s in
            var cond = "deleted = 0"
            var params: [SQLValue] = []
            if let pattern {
                // instr() on SQLite, strpos() on PostgreSQL: a plain substring, so % and _ mean themselves.
                cond += s.dialect == .postgresql ? " AND strpos(hypervisor_hostname, ?) > 0"
                    : " AND instr(hypervisor_hostname, ?) > 0"
                params.append(.text(pattern))
            }
            if let marker {
                let byID = Int(marker).map { ("id = ?", SQLValue.int($0)) } ?? ("uuid = ?", .text(marker))
                guard let id = try s.scalarInt("SELECT id FROM compute_nodes WHERE \(byID.0) AND deleted = 0", [byID.1])
                else { throw MarkerNotFound(marker: marker) }
                cond += " AND id > ?"
                params.append(.int(id))
            }
            var sql = Tables.computeNodes.select(where: cond) + " ORDER BY id"
            if let limit {
                sql += " LIMIT ?"
                params.append(.int(limit))
            }
            return try s.query(sql, params).map(Tables.computeNodes.decode)
        }
    }
}
