import Common
import Foundation

/// One sort criterion of a list: a stored field name (`created_at`, `display_name`...) and a direction.
public struct SortKey: Sendable, Equatable {
    public let field: String
    public let ascending: Bool

    public init(_ field: String, ascending: Bool) {
        self.field = field
        self.ascending = ascending
    }
}

/// Which servers `GET /servers` asks for, already translated from query parameters to stored fields
/// (Nova's `instance_get_all_by_filters_sort`). Nil means "no filter".
public struct InstanceQuery: Sendable, Equatable {
    /// Nova's `read_deleted`: live rows only, all rows, or deleted rows only.
    public enum Deleted: Sendable, Equatable { case no, yes, only }

    /// Nil lists every project's servers (admin `all_tenants`).
    public var projectID: String?
    public var userID: String?
    public var uuids: [String]?
    /// A regular expression searched in `display_name` (Python `re.search` semantics).
    public var nameRegex: String?
    public var vmStates: [String]?
    /// Nil: any task state. A nil element matches an idle server.
    public var taskStates: [String?]?
    /// The flavor's internal id (Flavor.id), resolved from the API's flavor id by the controller.
    public var instanceTypeID: Int?
    public var imageRef: String?
    public var host: String?
    public var node: String?
    public var locked: Bool?
    public var powerStates: [Int]?
    /// Nova's regex filters: a stored field (`key_name`, `availability_zone`, `reservation_id`, `hostname`,
    /// `config_drive`, `launched_at`, `progress`...) whose text must contain a match of the pattern.
    public var regexFilters: [String: String] = [:]
    /// `updated_at >= changesSince`.
    public var changesSince: Date?
    /// `updated_at <= changesBefore`.
    public var changesBefore: Date?
    public var deleted: Deleted = .no
    /// Server tags (2.26): all of `tags`, any of `tagsAny`, not all of `notTags`, none of `notTagsAny`.
    public var tags: [String] = []
    public var tagsAny: [String] = []
    public var notTags: [String] = []
    public var notTagsAny: [String] = []
    /// Sort criteria; the store appends `id` in the last direction so the order is total.
    public var sort: [SortKey] = [SortKey("created_at", ascending: false)]
    public var limit: Int?
    /// The uuid of the last server of the previous page; an unknown one is `MarkerNotFound`.
    public var marker: String?

    public init() {}
}

/// `GET /flavors` filters (Nova's `FlavorList.get_all`).
public struct FlavorQuery: Sendable, Equatable {
    /// Nil: public and private flavors (admin `is_public=none`).
    public var isPublic: Bool? = true
    /// With `isPublic == true`, private flavors this project has access to are listed too.
    public var accessProjectID: String?
    public var includeDisabled = true
    public var minMemoryMB: Int?
    public var minRootGB: Int?
    /// A Flavor field: `flavorid` (default), `name`, `memory_mb`, `vcpus`, `root_gb`, `id`...
    public var sortKey = "flavorid"
    public var ascending = true
    public var limit: Int?
    /// The `flavorid` of the last flavor of the previous page.
    public var marker: String?

    public init() {}
}

/// `GET /images` filters over the image catalog (Glance's, as Nova's proxy passes them).
public struct CatalogImageQuery: Sendable, Equatable {
    public var name: String?
    public var status: String?
    public var changesSince: Date?
    public var minRam: Int?
    public var minDisk: Int?
    public var limit: Int?
    public var marker: String?

    public init() {}
}

/// `GET /servers/{id}/os-instance-actions` (newest first).
public struct ActionQuery: Sendable, Equatable {
    public var changesSince: Date?
    public var changesBefore: Date?
    public var limit: Int?
    /// The `request_id` of the last action of the previous page.
    public var marker: String?

    public init() {}
}

/// `GET /os-migrations` and the lookups of resize confirm/revert (newest first, hidden ones excluded).
public struct MigrationQuery: Sendable, Equatable {
    /// Source or destination compute.
    public var host: String?
    public var sourceCompute: String?
    public var status: String?
    public var instanceUUID: String?
    public var migrationType: String?
    public var userID: String?
    public var projectID: String?
    public var changesSince: Date?
    public var changesBefore: Date?
    public var limit: Int?
    /// The uuid of the last migration of the previous page.
    public var marker: String?

    public init() {}
}

/// `GET /os-hypervisors` (ordered by id).
public struct ComputeNodeQuery: Sendable, Equatable {
    /// Substring of `hypervisor_hostname` (Nova's `%pattern%` LIKE).
    public var hostnamePattern: String?
    public var limit: Int?
    /// The id (before 2.53) or uuid of the last node of the previous page.
    public var marker: String?

    public init() {}
}
