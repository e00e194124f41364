import Common
import Foundation

/// What `NovaStore.instances(filter:)` selects; every set property narrows the list (AND).
public struct InstanceFilter: Sendable {
    public var projectID: String?
    public var userID: String?
    public var host: String?
    public var node: String?
    public var uuids: [String]?
    /// Any of these vm_states.
    public var vmStates: [String]?
    /// Any of these task_states; a nil entry matches an idle instance (task_state NULL).
    public var taskStates: [String?]?
    /// A regular expression searched for in `display_name` (Nova's `name` filter; case-sensitive).
    public var name: String?
    /// Changed (updated, or created when never updated) at or after this time: Nova's `changes-since`.
    public var changesSince: Date?
    /// Changed at or before this time: Nova's `changes-before`.
    public var changesBefore: Date?
    public var reservationID: String?
    public var imageRef: String?
    /// The flavor's database id (Instance.instance_type_id).
    public var instanceTypeID: Int?
    public var availabilityZone: String?
    public var locked: Bool?
    /// Hidden instances (the source copy during a cross-cell move) are left out unless this is true.
    public var includeHidden = false
    public var readDeleted: RequestContext.ReadDeleted = .no

    public init(
        projectID: String? = nil, userID: String? = nil, host: String? = nil, node: String? = nil,
        readDeleted: RequestContext.ReadDeleted = .no
    ) {
        self.projectID = projectID
        self.userID = userID
        self.host = host
        self.node = node
        self.readDeleted = readDeleted
    }

    /// The columns instance lists may sort on (Nova's allowed sort keys that we store).
    public static let sortColumns: Set<String> = [
        "id", "uuid", "created_at", "updated_at", "deleted_at", "launched_at", "terminated_at", "display_name",
        "display_description", "host", "node", "hostname", "vm_state", "task_state", "power_state", "project_id",
        "user_id", "image_ref", "key_name", "availability_zone", "instance_type_id", "memory_mb", "vcpus",
        "root_gb", "ephemeral_gb", "locked", "launch_index", "progress", "access_ip_v4", "access_ip_v6",
        "reservation_id", "config_drive",
    ]

    /// Nova's default order: newest first.
    public static let defaultSort: [SortKey] = [.desc("created_at"), .desc("id")]

    /// The WHERE clause and its parameters (the name regex is the caller's, per dialect).
    func conditions(_ dialect: SQLDialect) -> (String, [SQLValue]) {
        var c = [NovaStore.deletedCondition(readDeleted)]
        var p: [SQLValue] = []
        func eq(_ col: String, _ v: SQLValue?) {
            guard let v else { return }
            c.append("\(col) = ?")
            p.append(v)
        }
        eq("project_id", projectID.map { .text($0) })
        eq("user_id", userID.map { .text($0) })
        eq("host", host.map { .text($0) })
        eq("node", node.map { .text($0) })
        eq("reservation_id", reservationID.map { .text($0) })
        eq("image_ref", imageRef.map { .text($0) })
        eq("instance_type_id", instanceTypeID.map { .int($0) })
        eq("availability_zone", availabilityZone.map { .text($0) })
        eq("locked", locked.map { .int($0 ? 1 : 0) })
        if !includeHidden { c.append("hidden = 0") }
        if let uuids {
            c.append(uuids.isEmpty ? "1 = 0" : "uuid IN (\(NovaStore.marks(uuids.count)))")
            p += uuids.map { .text($0) }
        }
        if let vmStates {
            c.append(vmStates.isEmpty ? "1 = 0" : "vm_state IN (\(NovaStore.marks(vmStates.count)))")
            p += vmStates.map { .text($0) }
        }
        if let taskStates {
            let named = taskStates.compactMap { $0 }
            var alts: [String] = []
            if !named.isEmpty { alts.append("task_state IN (\(NovaStore.marks(named.count)))") }
            if taskStates.contains(where: { $0 == nil }) { alts.append("task_state IS NULL") }
            c.append(alts.isEmpty ? "1 = 0" : "(" + alts.joined(separator: " OR ") + ")")
            p += named.map { .text($0) }
        }
        if let changesSince {
            c.append("COALESCE(updated_at, created_at) >= ?")
            p.append(.from(changesSince))
        }
        if let changesBefore {
            c.append("COALESCE(updated_at, created_at) <= ?")
            p.append(.from(changesBefore))
        }
        if let name {
            c.append(dialect == .postgresql ? "display_name ~ ?" : "display_name REGEXP ?")
            p.append(.text(name))
        }
        return (c.joined(separator: " AND "), p)
    }
}
