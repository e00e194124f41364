import Common
import Foundation

/// What `NovaStore.migrations(filter:)` selects (all set properties AND together).
public struct MigrationFilter: Sendable {
    public var instanceUUID: String?
    /// Either end of the move.
    public var host: String?
    public var sourceCompute: String?
    public var destCompute: String?
    public var statuses: [String]?
    public var migrationType: Migration.MigrationType?
    public var projectID: String?
    public var userID: String?
    public var changesSince: Date?
    public var changesBefore: Date?
    /// Only moves still under way (Nova's in-progress: not accepted, done or failed).
    public var inProgressOnly = false
    public var includeHidden = false
    public var readDeleted: RequestContext.ReadDeleted = .no

    public init(instanceUUID: String? = nil, host: String? = nil, inProgressOnly: Bool = false) {
        self.instanceUUID = instanceUUID
        self.host = host
        self.inProgressOnly = inProgressOnly
    }

    /// Statuses after which a migration no longer holds resources or needs attention.
    public static let finishedStatuses = [
        "accepted", "confirmed", "reverted", "error", "failed", "completed",
        "cancelled", "done",
    ]

    func conditions() -> (String, [SQLValue]) {
        var c = [NovaStore.deletedCondition(readDeleted)]
        var p: [SQLValue] = []
        func eq(_ col: String, _ v: String?) {
            guard let v else { return }
            c.append("\(col) = ?")
            p.append(.text(v))
        }
        eq("instance_uuid", instanceUUID)
        eq("source_compute", sourceCompute)
        eq("dest_compute", destCompute)
        eq("migration_type", migrationType?.rawValue)
        eq("project_id", projectID)
        eq("user_id", userID)
        if let host {
            c.append("(source_compute = ? OR dest_compute = ?)")
            p += [.text(host), .text(host)]
        }
        if let statuses {
            c.append(statuses.isEmpty ? "1 = 0" : "status IN (\(NovaStore.marks(statuses.count)))")
            p += statuses.map { .text($0) }
        }
        if inProgressOnly {
            let done = Self.finishedStatuses
            c.append("(status IS NULL OR status NOT IN (\(NovaStore.marks(done.count))))")
            p += done.map { .text($0) }
        }
        if !includeHidden { c.append("hidden = 0") }
        if let changesSince {
            c.append("COALESCE(updated_at, created_at) >= ?")
            p.append(.from(changesSince))
        }
        if let changesBefore {
            c.append("COALESCE(updated_at, created_at) <= ?")
            p.append(.from(changesBefore))
        }
        return (c.joined(separator: " AND "), p)
    }
}
