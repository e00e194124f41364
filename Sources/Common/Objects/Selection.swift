/// A destination chosen by the scheduler, with its claimed allocation (nova/objects/selection.py, 1.1).
public struct Selection: NovaObject, Hashable {
    public static let objName = "Selection"
    public static let objVersion = "1.1"
    public static let fields: [Field] = [
        Field("compute_node_uuid", .uuid),
        Field("service_host", .string),
        Field("nodename", .string),
        Field("cell_uuid", .uuid),
        Field("limits", .object("SchedulerLimits"), nullable: true),
        // A JSON document encoded as a string, as Nova sends it.
        Field("allocation_request", .string, nullable: true),
        Field("allocation_request_version", .string, nullable: true),
        Field("availability_zone", .string, nullable: true),
    ]
    /// Selection 1.0 peers have no availability_zone: it is dropped for them (Nova's obj_make_compatible).
    public static let fieldVersions: [String: String] = ["availability_zone": "1.1"]

    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }

    public var computeNodeUUID: String {
        get { string("compute_node_uuid") ?? "" }
        set { set("compute_node_uuid", newValue) }
    }
    public var serviceHost: String {
        get { string("service_host") ?? "" }
        set { set("service_host", newValue) }
    }
    public var nodename: String {
        get { string("nodename") ?? "" }
        set { set("nodename", newValue) }
    }
    public var cellUUID: String {
        get { string("cell_uuid") ?? "" }
        set { set("cell_uuid", newValue) }
    }
    public var limits: SchedulerLimits? {
        get { object("limits") }
        set { set("limits", newValue) }
    }
    public var allocationRequest: String? {
        get { string("allocation_request") }
        set { set("allocation_request", newValue) }
    }
    /// `allocation_request` decoded from its JSON text.
    public var allocationRequestJSON: JSONValue? {
        get { allocationRequest.flatMap { try? JSONValue.parse($0) } }
        set { allocationRequest = newValue?.serialized() }
    }
    public var allocationRequestVersion: String? {
        get { string("allocation_request_version") }
        set { set("allocation_request_version", newValue) }
    }
    public var availabilityZone: String? {
        get { string("availability_zone") }
        set { set("availability_zone", newValue) }
    }
}
