import Common
import Foundation

/// Builds that will not finish: ERROR, a fault and their claims given back in one transaction, so a crash
/// between the steps cannot leave a failed server holding resources or a freed one still building.
extension NovaStore {
    /// A build that failed before a compute host took it for good (scheduling failed, every host failed,
    /// the cast was lost): the server goes ERROR with no task and no host, gets a fault, and holds no
    /// allocation. Only a server still building changes; the allocations of a server that is gone or on no
    /// host are freed all the same (a claim that raced the failure would otherwise hold them forever).
    /// Returns whether the server was changed.
    @discardableResult
    public func failBuild(uuid: String, message: String, details: String? = nil) async throws -> Bool {
        try await write { s in
            let changed = try Self.failBuilding("uuid = ?", [.text(uuid)], s)
            for u in changed { try Self.insertBuildFault(u, message, details, s) }
            try s.execute(
                "DELETE FROM allocations WHERE consumer_id = ? AND NOT EXISTS (SELECT 1 FROM instances "
                    + "WHERE uuid = ? AND deleted = 0 AND host IS NOT NULL)", [.text(uuid), .text(uuid)])
            return !changed.isEmpty
        }
    }

    /// Servers still building on no host that were created before `cutoff` (their conductor died or their
    /// cast was lost, and no compute will ever time them out): `failBuild` for each. Returns their uuids.
    public func failUnscheduledBuilds(createdBefore cutoff: Date, message: String) async throws -> [String] {
        try await write { s in
            let failed = try Self.failBuilding("host IS NULL AND created_at < ?", [.from(cutoff)], s)
            for u in failed {
                try Self.insertBuildFault(u, message, nil, s)
                try s.execute("DELETE FROM allocations WHERE consumer_id = ?", [.text(u)])
            }
            return failed
        }
    }

    /// ERROR, no task, no host for the live building instances matching `cond`; their uuids.
    private static func failBuilding(_ cond: String, _ params: [SQLValue], _ s: DBSession) throws -> [String] {
        try s.query(
            "UPDATE instances SET vm_state = 'error', task_state = NULL, host = NULL, node = NULL, "
                + "compute_id = NULL, updated_at = ? WHERE deleted = 0 AND vm_state = 'building' AND \(cond) "
                + "RETURNING uuid", [now()] + params
        ).compactMap { $0.string("uuid") }
    }

    private static func insertBuildFault(_ uuid: String, _ message: String, _ details: String?, _ s: DBSession)
        throws
    {
        _ = try Tables.faults.insert(
            [
                ("instance_uuid", .text(uuid)), ("code", .int(500)), ("message", .text(String(message.prefix(255)))),
                ("details", .from(details)), ("host", .null), ("created_at", now()), ("deleted", .int(0)),
            ], s)
    }
}
