import Common
import Foundation

/// Quota limits (per project, over the `default` class) and the usage counted from the stored rows.
extension NovaStore {
    /// What a project uses, counted from live rows (Nova counts usage, it does not track it).
    public struct QuotaUsage: Sendable, Equatable {
        public var instances: Int
        public var cores: Int
        public var ramMB: Int
        public var serverGroups: Int

        public init(instances: Int = 0, cores: Int = 0, ramMB: Int = 0, serverGroups: Int = 0) {
            self.instances = instances
            self.cores = cores
            self.ramMB = ramMB
            self.serverGroups = serverGroups
        }
    }

    /// The default limits (class `default`), by resource; resources never set are absent.
    public func defaultQuotas() async throws -> [String: Int] {
        try await read { s in
            var out: [String: Int] = [:]
            for r in try s.query("SELECT resource, hard_limit FROM quota_classes WHERE class_name = 'default'") {
                out[r.string("resource") ?? ""] = r.int("hard_limit") ?? 0
            }
            return out
        }
    }

    /// Sets a default limit (-1 = unlimited).
    public func setDefaultQuota(resource: String, limit: Int) async throws {
        try await write { s in
            try s.execute(
                """
                INSERT INTO quota_classes (class_name, resource, hard_limit, created_at) VALUES ('default', ?, ?, ?)
                ON CONFLICT (class_name, resource) DO UPDATE SET hard_limit = excluded.hard_limit,
                    updated_at = excluded.created_at
                """, [.text(resource), .int(limit), Self.now()])
        }
    }

    /// The limits set for the project itself (not the defaults).
    public func projectQuotas(projectID: String) async throws -> [String: Int] {
        try await read { s in
            var out: [String: Int] = [:]
            for r in try s.query("SELECT resource, hard_limit FROM quotas WHERE project_id = ?", [.text(projectID)]) {
                out[r.string("resource") ?? ""] = r.int("hard_limit") ?? 0
            }
            return out
        }
    }

    /// Sets the project's limit of `resource` (-1 = unlimited).
    public func setProjectQuota(projectID: String, resource: String, limit: Int) async throws {
        try await write { s in
            try s.execute(
                """
                INSERT INTO quotas (project_id, resource, hard_limit, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (project_id, resource) DO UPDATE SET hard_limit = excluded.hard_limit,
                    updated_at = excluded.created_at
                """, [.text(projectID), .text(resource), .int(limit), Self.now()])
        }
    }

    /// Drops the project's own limits (back to the defaults).
    public func deleteProjectQuotas(projectID: String) async throws {
        try await write { s in try s.execute("DELETE FROM quotas WHERE project_id = ?", [.text(projectID)]) }
    }

    /// The effective limits: project values over defaults over `builtIn` (the config's defaults).
    public func effectiveQuotas(projectID: String, builtIn: [String: Int]) async throws -> [String: Int] {
        var limits = builtIn
        for (k, v) in try await defaultQuotas() { limits[k] = v }
        for (k, v) in try await projectQuotas(projectID: projectID) { limits[k] = v }
        return limits
    }

    /// Live (not deleted, not hidden) instances, cores and RAM of the project (and user), and its groups.
    public func quotaUsage(projectID: String, userID: String? = nil) async throws -> QuotaUsage {
        try await read { s in
            var cond = "project_id = ? AND deleted = 0 AND hidden = 0"
            var params: [SQLValue] = [.text(projectID)]
            if let userID {
                cond += " AND user_id = ?"
                params.append(.text(userID))
            }
            let r = try s.first(
                "SELECT COUNT(*) AS n, COALESCE(SUM(vcpus), 0) AS cores, "
                    + "COALESCE(SUM(memory_mb), 0) AS ram FROM instances WHERE \(cond)", params)
            var gcond = "project_id = ?"
            var gparams: [SQLValue] = [.text(projectID)]
            if let userID {
                gcond += " AND user_id = ?"
                gparams.append(.text(userID))
            }
            let groups = try s.scalarInt("SELECT COUNT(*) FROM instance_groups WHERE \(gcond)", gparams) ?? 0
            return QuotaUsage(
                instances: r?.int("n") ?? 0, cores: r?.int("cores") ?? 0, ramMB: r?.int("ram") ?? 0,
                serverGroups: groups)
        }
    }
}
