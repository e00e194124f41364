import Common
import Foundation

/// Quota limits set for one user of a project (Nova's `project_user_quotas`), and writes of several
/// project or user limits in one transaction.
extension NovaStore {
    /// The limits set for the user within the project (not the project's or the defaults).
    public func userQuotas(projectID: String, userID: String) async throws -> [String: Int] {
        try await read { s in
            var out: [String: Int] = [:]
            for r in try s.query("SELECT resource, hard_limit FROM project_user_quotas WHERE project_id = ? AND user_id = ?",
                                 [.text(projectID), .text(userID)]) {
                out[r.string("resource") ?? ""] = r.int("hard_limit") ?? 0
            }
            return out
        }
    }

    /// Sets several limits of the project (userID nil) or of one of its users at once; others stay.
    public func setQuotas(projectID: String, userID: String?, _ limits: [String: Int]) async throws {
        try await write { s in
            let now = Self.now()
            for (resource, limit) in limits.sorted(by: { $0.key < $1.key }) {
                if let userID {
                    try s.execute("""
                        INSERT INTO project_user_quotas (project_id, user_id, resource, hard_limit, created_at)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (user_id, project_id, resource) DO UPDATE SET hard_limit = excluded.hard_limit,
                            updated_at = excluded.created_at
                        """, [.text(projectID), .text(userID), .text(resource), .int(limit), now])
                } else {
                    try s.execute("""
                        INSERT INTO quotas (project_id, resource, hard_limit, created_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (project_id, resource) DO UPDATE SET hard_limit = excluded.hard_limit,
                            updated_at = excluded.created_at
                        """, [.text(projectID), .text(resource), .int(limit), now])
                }
            }
        }
    }

    /// Drops the user's limits; with userID nil, the project's and those of all its users (Nova's
    /// `quota_destroy_all_by_project`).
    public func deleteQuotas(projectID: String, userID: String?) async throws {
        try await write { s in
            if let userID {
                try s.execute("DELETE FROM project_user_quotas WHERE project_id = ? AND user_id = ?",
                              [.text(projectID), .text(userID)])
            } else {
                try s.execute("DELETE FROM project_user_quotas WHERE project_id = ?", [.text(projectID)])
                try s.execute("DELETE FROM quotas WHERE project_id = ?", [.text(projectID)])
            }
        }
    }
}
