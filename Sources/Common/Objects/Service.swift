import Foundation

/// A running service (nova-compute, nova-scheduler, ...) and its heartbeat (nova/objects/service.py, 1.22).
public struct Service: NovaPersistentObject, Hashable {
    public static let objName = "Service"
    public static let objVersion = "1.22"
    /// Our SERVICE_VERSION: bumped when a service's RPC behaviour changes, so peers can pin to the minimum.
    public static let currentServiceVersion = 1

    public static let fields: [Field] =
        NovaPersistentFields.fields + [
            Field("id", .int),
            Field("uuid", .uuid),
            Field("host", .string, nullable: true),
            Field("binary", .string, nullable: true),
            Field("topic", .string, nullable: true),
            Field("report_count", .int),
            Field("disabled", .bool),
            Field("disabled_reason", .string, nullable: true),
            Field("availability_zone", .string, nullable: true),
            Field("compute_node", .object("ComputeNode")),
            Field("last_seen_up", .dateTime, nullable: true),
            Field("forced_down", .bool),
            Field("version", .int),
        ]
    public static let fieldVersions: [String: String] = [
        "last_seen_up": "1.13", "forced_down": "1.14", "version": "1.16", "uuid": "1.21",
    ]

    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }

    /// A new service record of this release (Nova's Service.__init__ always stamps SERVICE_VERSION).
    public init(host: String, binary: String, topic: String?) {
        self.init()
        self.host = host
        self.binary = binary
        self.topic = topic
        reportCount = 0
        disabled = false
        forcedDown = false
        version = Self.currentServiceVersion
    }

    public var id: Int {
        get { int("id") ?? 0 }
        set { set("id", newValue) }
    }
    public var uuid: String {
        get { string("uuid") ?? "" }
        set { set("uuid", newValue) }
    }
    public var host: String? {
        get { string("host") }
        set { set("host", newValue) }
    }
    /// `nova-compute`, `nova-scheduler`, `nova-conductor`.
    public var binary: String? {
        get { string("binary") }
        set { set("binary", newValue) }
    }
    public var topic: String? {
        get { string("topic") }
        set { set("topic", newValue) }
    }
    public var reportCount: Int {
        get { int("report_count") ?? 0 }
        set { set("report_count", newValue) }
    }
    public var disabled: Bool {
        get { bool("disabled") ?? false }
        set { set("disabled", newValue) }
    }
    public var disabledReason: String? {
        get { string("disabled_reason") }
        set { set("disabled_reason", newValue) }
    }
    public var availabilityZone: String? {
        get { string("availability_zone") }
        set { set("availability_zone", newValue) }
    }
    public var computeNode: ComputeNode? {
        get { object("compute_node") }
        set { setOrUnset("compute_node", newValue) }
    }
    public var lastSeenUp: Date? {
        get { date("last_seen_up") }
        set { set("last_seen_up", newValue) }
    }
    public var forcedDown: Bool {
        get { bool("forced_down") ?? false }
        set { set("forced_down", newValue) }
    }
    public var version: Int {
        get { int("version") ?? 0 }
        set { set("version", newValue) }
    }
}

/// Nova's ServiceList 1.19.
public struct ServiceList: NovaObjectList, Hashable {
    public typealias Element = Service
    public static let objName = "ServiceList"
    public static let objVersion = "1.19"
    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }
}
