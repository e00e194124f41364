/// A host (and node) the scheduler must pick, for a targeted migrate or evacuate
/// (nova/objects/request_spec.py Destination 1.4; the `cell` field is left out: one cell here).
public struct Destination: NovaObject, Hashable {
    public static let objName = "Destination"
    public static let objVersion = "1.4"
    public static let fields: [Field] = [
        Field("host", .string),
        Field("node", .string, nullable: true),
        Field("aggregates", .stringList, nullable: true, default: .null),
        Field("allow_cross_cell_move", .bool, default: false),
        Field("forbidden_aggregates", .stringList, default: []),
    ]
    public static let fieldVersions: [String: String] = [
        "aggregates": "1.2", "allow_cross_cell_move": "1.3", "forbidden_aggregates": "1.4",
    ]

    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }

    public init(host: String, node: String? = nil) {
        self.init()
        self.host = host
        self.node = node
    }

    public var host: String {
        get { string("host") ?? "" }
        set { set("host", newValue) }
    }
    public var node: String? {
        get { string("node") }
        set { set("node", newValue) }
    }
    public var aggregates: [String]? {
        get { optionalStringList("aggregates") }
        set { set("aggregates", newValue) }
    }
    public var allowCrossCellMove: Bool {
        get { bool("allow_cross_cell_move") ?? false }
        set { set("allow_cross_cell_move", newValue) }
    }
    public var forbiddenAggregates: [String] {
        get { stringList("forbidden_aggregates") }
        set { set("forbidden_aggregates", newValue) }
    }
}
