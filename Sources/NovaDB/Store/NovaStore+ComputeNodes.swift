import Common
import Foundation

/// Compute nodes (one per hypervisor node) and their inventory. A node's report updates what it says
/// about itself and its inventory; it never touches allocations.
extension NovaStore {
    static let nodeFixedFields: Set<String> = ["id", "uuid", "created_at", "updated_at", "deleted", "deleted_at"]

    /// Creates or updates the node identified by host + hypervisor_hostname (keeping its uuid once
    /// made), and replaces its inventory with `inventory`. The service id is filled from the host's
    /// nova-compute service when the report has none.
    public func updateComputeNode(_ node: ComputeNode, inventory: [Inventory]) async throws -> ComputeNode {
        guard let host = node.host, let nodename = node.hypervisorHostname else {
            throw InvalidInput(reason: "a compute node report needs host and hypervisor_hostname")
        }
        return try await write { s in
            let now = Self.now()
            var pairs = Tables.computeNodes.assignments(node.storage.values, excluding: Self.nodeFixedFields)
            let existing = try s.scalarInt(
                "SELECT id FROM compute_nodes WHERE host = ? AND hypervisor_hostname = ? "
                    + "AND deleted = 0", [.text(host), .text(nodename)])
            if node.serviceID == nil,
                let sid = try s.scalarInt(
                    "SELECT id FROM services WHERE host = ? AND \"binary\" = 'nova-compute' "
                        + "AND deleted = 0", [.text(host)])
            {
                pairs.removeAll { $0.0 == "service_id" }
                pairs.append(("service_id", .int(sid)))
            }
            let stored: ComputeNode
            if let existing {
                stored = try Tables.computeNodes.update(
                    pairs + [("updated_at", now)], where: "id = ?", [.int(existing)], s)[0]
            } else {
                let uuid = node.uuid.isEmpty ? UUID().uuidString.lowercased() : node.uuid
                do {
                    stored = try Tables.computeNodes.insert(
                        pairs + [
                            ("uuid", .text(uuid)), ("created_at", now),
                            ("deleted", .int(0)),
                        ], s)
                } catch DatabaseError.duplicate(let m) {
                    // Another report created it between our lookup and insert: run again, as an update.
                    throw DatabaseError.retryable("compute node \(host)/\(nodename) created concurrently: \(m)")
                }
            }
            try Self.replaceInventory(stored.id, inventory, s)
            return stored
        }
    }

    static func replaceInventory(_ nodeID: Int, _ inventory: [Inventory], _ s: DBSession) throws {
        let now = now()
        for inv in inventory {
            try s.execute(
                """
                INSERT INTO inventories (compute_node_id, resource_class, total, reserved, allocation_ratio, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (compute_node_id, resource_class) DO UPDATE SET total = excluded.total,
                    reserved = excluded.reserved, allocation_ratio = excluded.allocation_ratio,
                    updated_at = excluded.created_at
                """,
                [
                    .int(nodeID), .text(inv.resourceClass), .int(inv.total), .int(inv.reserved),
                    .double(inv.allocationRatio), now,
                ])
        }
        let kept = inventory.map(\.resourceClass)
        if kept.isEmpty {
            try s.execute("DELETE FROM inventories WHERE compute_node_id = ?", [.int(nodeID)])
        } else {
            try s.execute(
                "DELETE FROM inventories WHERE compute_node_id = ? AND resource_class NOT IN (\(marks(kept.count)))",
                [.int(nodeID)] + kept.map { .text($0) })
        }
    }

    /// The live node with database id `id`; `ComputeHostNotFound` otherwise.
    public func computeNode(id: Int) async throws -> ComputeNode {
        try await read { s in
            guard let r = try s.first(Tables.computeNodes.select(where: "id = ? AND deleted = 0"), [.int(id)]) else {
                throw ComputeHostNotFound(host: String(id))
            }
            return Tables.computeNodes.decode(r)
        }
    }

    /// The live node with `uuid`; `ComputeHostNotFound` otherwise.
    public func computeNode(uuid: String) async throws -> ComputeNode {
        try await read { s in
            guard let r = try s.first(Tables.computeNodes.select(where: "uuid = ? AND deleted = 0"), [.text(uuid)])
            else {
                throw ComputeHostNotFound(host: uuid)
            }
            return Tables.computeNodes.decode(r)
        }
    }

    /// The live node `nodename` of `host`, if any.
    public func computeNode(host: String, nodename: String) async throws -> ComputeNode? {
        try await read { s in
            try s.first(
                Tables.computeNodes.select(where: "host = ? AND hypervisor_hostname = ? AND deleted = 0"),
                [.text(host), .text(nodename)]
            ).map(Tables.computeNodes.decode)
        }
    }

    /// Nodes by id, optionally of one host.
    public func computeNodes(host: String? = nil, readDeleted: RequestContext.ReadDeleted = .no) async throws
        -> [ComputeNode]
    {
        try await read { s in
            var cond = Self.deletedCondition(readDeleted)
            var params: [SQLValue] = []
            if let host {
                cond += " AND host = ?"
                params.append(.text(host))
            }
            return try s.query(Tables.computeNodes.select(where: cond) + " ORDER BY id", params)
                .map(Tables.computeNodes.decode)
        }
    }

    /// Soft-deletes a node (its inventory goes; allocations on it stay until their consumers free them).
    public func deleteComputeNode(id: Int) async throws {
        try await write { s in
            guard
                try s.execute(
                    "UPDATE compute_nodes SET deleted = id, deleted_at = ? WHERE id = ? AND deleted = 0",
                    [Self.now(), .int(id)]) > 0
            else { throw ComputeHostNotFound(host: String(id)) }
            try s.execute("DELETE FROM inventories WHERE compute_node_id = ?", [.int(id)])
        }
    }

    /// The node's inventory by resource class.
    public func inventory(nodeUUID: String) async throws -> [Inventory] {
        try await read { s in
            try s.query(
                "SELECT i.resource_class, i.total, i.reserved, i.allocation_ratio FROM inventories i "
                    + "JOIN compute_nodes n ON n.id = i.compute_node_id WHERE n.uuid = ? ORDER BY i.resource_class",
                [.text(nodeUUID)]
            ).map(Self.inventory)
        }
    }

    /// Every live node (or those of `hosts`) with inventory and allocated amounts, in three queries:
    /// the scheduler's view of the cloud.
    public func nodeUsages(hosts: [String]? = nil) async throws -> [NodeUsage] {
        try await read { s in
            var cond = "deleted = 0"
            var params: [SQLValue] = []
            if let hosts {
                cond += hosts.isEmpty ? " AND 1 = 0" : " AND host IN (\(Self.marks(hosts.count)))"
                params = hosts.map { .text($0) }
            }
            let nodes = try s.query(Tables.computeNodes.select(where: cond) + " ORDER BY id", params)
                .map(Tables.computeNodes.decode)
            let ids = nodes.map { String($0.id) }
            var inv: [Int: [String: Inventory]] = [:]
            for r in try Self.inChunks(
                ids, s,
                {
                    "SELECT compute_node_id, resource_class, total, reserved, allocation_ratio FROM inventories "
                        + "WHERE compute_node_id IN (\($0))"
                })
            {
                let i = Self.inventory(r)
                inv[r.int("compute_node_id") ?? 0, default: [:]][i.resourceClass] = i
            }
            var used: [Int: [String: Int]] = [:]
            for r in try Self.inChunks(
                ids, s,
                {
                    "SELECT compute_node_id, resource_class, SUM(used) AS used FROM allocations "
                        + "WHERE compute_node_id IN (\($0)) GROUP BY compute_node_id, resource_class"
                })
            {
                used[r.int("compute_node_id") ?? 0, default: [:]][r.string("resource_class") ?? ""] = r.int("used") ?? 0
            }
            return nodes.map { NodeUsage(node: $0, inventory: inv[$0.id] ?? [:], used: used[$0.id] ?? [:]) }
        }
    }

    static func inventory(_ r: SQLRow) -> Inventory {
        Inventory(
            r.string("resource_class") ?? "", total: r.int("total") ?? 0, reserved: r.int("reserved") ?? 0,
            allocationRatio: r.double("allocation_ratio") ?? 1)
    }
}
