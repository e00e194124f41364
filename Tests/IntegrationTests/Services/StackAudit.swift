import Common
import Foundation
import NovaDB

/// What must hold in the database of a cloud at rest, however its services died on the way there:
/// no server left building or mid-task, every ERROR server with a fault saying why, no allocation without
/// a live instance or migration behind it, and on every compute node the usage the compute reports and
/// the allocations the scheduler claimed both equal the sum of the flavors of the instances on it.
/// Each check reads the SQLite file directly, with SQL an operator could type into `sqlite3`.
enum StackAudit {
    /// Servers still building or with a task state.
    static func unsettled(_ db: Database) async throws -> [String] {
        try await db.read { s in
            try s.query(
                "SELECT uuid, vm_state, task_state, host FROM instances WHERE deleted = 0 "
                    + "AND (vm_state = 'building' OR task_state IS NOT NULL)"
            ).map {
                "instance \($0.string("uuid") ?? "?") is \($0.string("vm_state") ?? "-")/"
                    + "\($0.string("task_state") ?? "-") on \($0.string("host") ?? "no host")"
            }
        }
    }

    /// Every problem found; empty when the cloud is consistent.
    static func problems(_ db: Database) async throws -> [String] {
        var out = try await unsettled(db)
        out += try await db.read { s in
            var p: [String] = []
            for r in try s.query(
                "SELECT uuid FROM instances i WHERE deleted = 0 AND vm_state = 'error' AND NOT EXISTS "
                    + "(SELECT 1 FROM instance_faults f WHERE f.instance_uuid = i.uuid AND f.deleted = 0)")
            {
                p.append("instance \(r.string("uuid") ?? "?") is in ERROR without a fault")
            }
            for r in try s.query(
                "SELECT a.consumer_id, n.hypervisor_hostname AS node, a.resource_class, a.used, i.vm_state, "
                    + "i.deleted FROM allocations a JOIN compute_nodes n ON n.id = a.compute_node_id "
                    + "LEFT JOIN instances i ON i.uuid = a.consumer_id WHERE (i.uuid IS NULL OR i.deleted <> 0) "
                    + "AND NOT EXISTS (SELECT 1 FROM migrations m WHERE m.uuid = a.consumer_id AND m.deleted = 0)")
            {
                let state = r.string("vm_state").map { "a deleted instance (\($0))" } ?? "no instance"
                p.append("allocation of \(r.int("used") ?? 0) \(r.string("resource_class") ?? "?") on "
                         + "\(r.string("node") ?? "?") belongs to \(state): consumer \(r.string("consumer_id") ?? "?")")
            }
            p += try nodeDrift(s)
            return p
        }
        return out
    }

    /// Per compute node: (vcpus, memory, disk) of its instances vs the compute's report vs the allocations.
    private static func nodeDrift(_ s: DBSession) throws -> [String] {
        var p: [String] = []
        let nodes = try s.query(
            "SELECT n.id, n.host, n.hypervisor_hostname AS node, n.vcpus_used, n.memory_mb_used, n.local_gb_used, "
                + "COALESCE((SELECT reserved FROM inventories v WHERE v.compute_node_id = n.id "
                + "AND v.resource_class = 'MEMORY_MB'), 0) AS reserved_mb, "
                + "COALESCE((SELECT reserved FROM inventories v WHERE v.compute_node_id = n.id "
                + "AND v.resource_class = 'DISK_GB'), 0) AS reserved_gb FROM compute_nodes n WHERE n.deleted = 0")
        for n in nodes {
            let id = n.int("id") ?? 0
            let name = n.string("node") ?? "?"
            let inst = try s.first(
                "SELECT COUNT(*) AS c, COALESCE(SUM(vcpus), 0) AS vcpus, COALESCE(SUM(memory_mb), 0) AS mem, "
                    + "COALESCE(SUM(root_gb + ephemeral_gb), 0) AS disk FROM instances WHERE deleted = 0 "
                    + "AND host = ? AND node = ? AND vm_state NOT IN ('deleted', 'shelved_offloaded')",
                [.from(n.string("host")), .text(name)])
            var alloc: [String: Int] = [:]
            for r in try s.query(
                "SELECT resource_class, SUM(used) AS used FROM allocations WHERE compute_node_id = ? "
                    + "GROUP BY resource_class", [.int(id)])
            {
                alloc[r.string("resource_class") ?? ""] = r.int("used") ?? 0
            }
            let want = (inst?.int("vcpus") ?? 0, inst?.int("mem") ?? 0, inst?.int("disk") ?? 0)
            let reported = (n.int("vcpus_used") ?? 0, (n.int("memory_mb_used") ?? 0) - (n.int("reserved_mb") ?? 0),
                            (n.int("local_gb_used") ?? 0) - (n.int("reserved_gb") ?? 0))
            let claimed = (alloc["VCPU"] ?? 0, alloc["MEMORY_MB"] ?? 0, alloc["DISK_GB"] ?? 0)
            if reported != want {
                p.append("node \(name): compute reports \(reported) (vcpus, MB, GB) used, its \(inst?.int("c") ?? 0) "
                         + "instances add up to \(want)")
            }
            if claimed != want {
                p.append("node \(name): allocations hold \(claimed) (vcpus, MB, GB), its \(inst?.int("c") ?? 0) "
                         + "instances add up to \(want)")
            }
        }
        return p
    }
}
