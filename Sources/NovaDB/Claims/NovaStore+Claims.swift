import Common
import Foundation

/// Resource claims: the one place where races matter. A claim runs in one transaction that first bumps
/// the node's `generation` (on PostgreSQL that UPDATE locks the node row, so claimers of one node queue
/// up; SQLite's write transaction already holds the whole database), then checks usage + request ≤
/// total × allocation ratio − reserved for every class, then writes the allocations. Claimers on
/// different nodes do not wait for each other on PostgreSQL.
extension NovaStore {
    /// Claims `resources` (class → amount; zero amounts are skipped) for `consumer` on the node
    /// `nodeUUID`, replacing whatever the consumer held anywhere. Throws `ClaimFailed` (nothing written,
    /// the old allocations intact) when a class does not fit, `ComputeHostNotFound` for an unknown node.
    public func claim(
        consumer: String, nodeUUID: String, resources: [String: Int], projectID: String? = nil,
        userID: String? = nil
    ) async throws {
        try await write { s in
            try Self.checkConsumer(consumer, s)
            try s.execute("DELETE FROM allocations WHERE consumer_id = ?", [.text(consumer)])
            try Self.claimLocked(consumer, nodeUUID, resources, projectID, userID, s)
        }
    }

    /// `claim` of the three standard classes.
    public func claim(
        consumer: String, nodeUUID: String, vcpus: Int, memoryMB: Int, diskGB: Int,
        projectID: String? = nil, userID: String? = nil
    ) async throws {
        try await claim(
            consumer: consumer, nodeUUID: nodeUUID,
            resources: Self.standard(vcpus: vcpus, memoryMB: memoryMB, diskGB: diskGB),
            projectID: projectID, userID: userID)
    }

    /// A move (resize, cold migration) in one step: what `instance` holds on its source moves to the
    /// consumer `migration`, and `resources` are claimed for `instance` on `destNodeUUID`. When the
    /// destination does not fit, nothing changes.
    public func moveClaim(
        instance: String, migration: String, destNodeUUID: String, resources: [String: Int],
        projectID: String? = nil, userID: String? = nil
    ) async throws {
        try await write { s in
            try Self.checkConsumer(instance, s)
            try Self.transfer(from: instance, to: migration, s)
            try Self.claimLocked(instance, destNodeUUID, resources, projectID, userID, s)
        }
    }

    /// Before a move is scheduled: what `instance` holds moves to `migration` (replacing anything the
    /// migration held), so a claim for the instance on the destination does not replace it.
    public func transferAllocations(from instance: String, to migration: String) async throws {
        try await write { s in try Self.transfer(from: instance, to: migration, s) }
    }

    /// Undoes a move: the instance's destination allocations go, and the migration's (the source's)
    /// become the instance's again.
    public func revertMoveClaim(instance: String, migration: String) async throws {
        try await write { s in
            try s.execute("DELETE FROM allocations WHERE consumer_id = ?", [.text(instance)])
            try Self.transfer(from: migration, to: instance, s)
        }
    }

    /// Frees everything `consumer` holds (an instance deleted, a migration confirmed).
    public func freeAllocations(consumer: String) async throws {
        try await write { s in _ = try s.execute("DELETE FROM allocations WHERE consumer_id = ?", [.text(consumer)]) }
    }

    /// What `consumer` holds, one allocation per node and class.
    public func allocations(consumer: String) async throws -> [Allocation] {
        try await read { s in try Self.allocationRows("a.consumer_id = ?", [.text(consumer)], s) }
    }

    /// The allocations on the node `nodeUUID`.
    public func allocations(nodeUUID: String) async throws -> [Allocation] {
        try await read { s in try Self.allocationRows("n.uuid = ?", [.text(nodeUUID)], s) }
    }

    /// Allocated amount by class on the node.
    public func usage(nodeUUID: String) async throws -> [String: Int] {
        try await read { s in
            var out: [String: Int] = [:]
            for r in try s.query(
                "SELECT a.resource_class, SUM(a.used) AS used FROM allocations a JOIN compute_nodes n "
                    + "ON n.id = a.compute_node_id WHERE n.uuid = ? GROUP BY a.resource_class",
                [.text(nodeUUID)])
            {
                out[r.string("resource_class") ?? ""] = r.int("used") ?? 0
            }
            return out
        }
    }

    // MARK: inside a transaction

    /// Refuses a claim for an instance that is deleted, or that failed its build before reaching a host:
    /// nothing would ever free it (a scheduler answering a conductor that gave up or died claims late).
    /// On PostgreSQL the instance row stays locked to the end of the claim, so `failBuild` and
    /// `destroyInstance` (which free allocations after changing that row) cannot slip in between.
    /// A consumer that is no instance (a migration) passes.
    static func checkConsumer(_ consumer: String, _ s: DBSession) throws {
        let lock = s.dialect == .postgresql ? " FOR UPDATE" : ""
        guard let row = try s.first("SELECT deleted, vm_state, host FROM instances WHERE uuid = ?" + lock,
                                    [.text(consumer)])
        else { return }
        if (row.int("deleted") ?? 0) != 0 { throw InstanceNotFound(instanceID: consumer) }
        if row.string("vm_state") == VMState.error.rawValue && row.string("host") == nil {
            throw UnexpectedVMStateError(instanceUUID: consumer, expected: [VMState.building.rawValue],
                                         actual: VMState.error.rawValue)
        }
    }

    static func standard(vcpus: Int, memoryMB: Int, diskGB: Int) -> [String: Int] {
        [
            ResourceClass.vcpu.rawValue: vcpus, ResourceClass.memoryMB.rawValue: memoryMB,
            ResourceClass.diskGB.rawValue: diskGB,
        ]
    }

    /// Locks the node, checks every class fits, writes the allocations.
    static func claimLocked(
        _ consumer: String, _ nodeUUID: String, _ resources: [String: Int], _ projectID: String?,
        _ userID: String?, _ s: DBSession
    ) throws {
        for (rc, amount) in resources where amount < 0 {
            throw InvalidInput(reason: "cannot claim a negative amount (\(amount)) of \(rc)")
        }
        guard
            let nodeID = try s.scalarInt(
                "UPDATE compute_nodes SET generation = generation + 1 "
                    + "WHERE uuid = ? AND deleted = 0 RETURNING id", [.text(nodeUUID)])
        else { throw ComputeHostNotFound(host: nodeUUID) }
        var inventory: [String: Inventory] = [:]
        for r in try s.query(
            "SELECT resource_class, total, reserved, allocation_ratio FROM inventories "
                + "WHERE compute_node_id = ?", [.int(nodeID)])
        {
            let i = Self.inventory(r)
            inventory[i.resourceClass] = i
        }
        var used: [String: Int] = [:]
        for r in try s.query(
            "SELECT resource_class, SUM(used) AS used FROM allocations WHERE compute_node_id = ? "
                + "GROUP BY resource_class", [.int(nodeID)])
        {
            used[r.string("resource_class") ?? ""] = r.int("used") ?? 0
        }
        let wanted = resources.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        for (rc, amount) in wanted {
            let capacity = inventory[rc]?.capacity ?? 0
            let inUse = used[rc] ?? 0
            if inventory[rc] == nil || inUse + amount > capacity {
                throw ClaimFailed(
                    nodeUUID: nodeUUID, resourceClass: rc, requested: amount, used: inUse, capacity: capacity)
            }
        }
        let now = now()
        for (rc, amount) in wanted {
            try s.execute(
                "INSERT INTO allocations (consumer_id, compute_node_id, resource_class, used, project_id, "
                    + "user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [.text(consumer), .int(nodeID), .text(rc), .int(amount), .from(projectID), .from(userID), now])
        }
    }

    static func transfer(from: String, to: String, _ s: DBSession) throws {
        try s.execute("DELETE FROM allocations WHERE consumer_id = ?", [.text(to)])
        try s.execute(
            "UPDATE allocations SET consumer_id = ?, updated_at = ? WHERE consumer_id = ?",
            [.text(to), now(), .text(from)])
    }

    static func allocationRows(_ cond: String, _ params: [SQLValue], _ s: DBSession) throws -> [Allocation] {
        let sql =
            "SELECT a.id, a.consumer_id, a.resource_class, a.used, a.project_id, a.user_id, "
            + "n.uuid AS resource_provider_uuid, n.id AS resource_provider_id FROM allocations a "
            + "JOIN compute_nodes n ON n.id = a.compute_node_id WHERE \(cond) ORDER BY a.id"
        return try s.query(sql, params).map { r in
            var a = Tables.allocations.decode(r)
            a.storage.values["resource_provider_uuid"] = .from(r.string("resource_provider_uuid"))
            a.storage.values["resource_provider_id"] = .from(r.int("resource_provider_id"))
            return a
        }
    }
}
