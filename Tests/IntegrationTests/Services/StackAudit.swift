import Common
import Foundation
import NovaDB
import NovaTestSupport

/// What must hold in the database of a cloud at rest, however its services died on the way there:
/// no server left building or mid-task, every ERROR server with a fault saying why, no allocation without
/// a live instance or migration behind it, and on every compute node the usage the compute reports and
/// the allocations the scheduler claimed both equal the sum of the flavors of the instances on it.
/// Each check reads the SQLite file directly.
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

    /// Every problem found; empty when the cloud is consistent. The checks are scripts/lib/audit.py's,
    /// which scripts/soak.sh runs too: one definition of "consistent" for tests and scripts.
    static func problems(databasePath: String) async throws -> [String] {
        let (rc, out) = await TestSupport.shellAsync("python3 scripts/lib/audit.py '\(databasePath)' --settled")
        guard rc == 0 || rc == 1 else { throw ChildProcessError("scripts/lib/audit.py failed (\(rc)): \(out)") }
        return out.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }
}
