import Foundation

/// One step of an InstanceAction (`compute_reboot_instance`, `conductor_schedule_and_build_instances`...)
/// with its result (nova/objects/instance_action.py, InstanceActionEvent 1.4).
public struct InstanceActionEvent: NovaPersistentObject, Hashable {
    public static let objName = "InstanceActionEvent"
    public static let objVersion = "1.4"
    public static let fields: [Field] =
        NovaPersistentFields.fields + [
            Field("id", .int),
            Field("event", .string, nullable: true),
            Field("action_id", .int, nullable: true),
            Field("start_time", .dateTime, nullable: true),
            Field("finish_time", .dateTime, nullable: true),
            Field("result", .string, nullable: true),
            Field("traceback", .string, nullable: true),
            Field("host", .string, nullable: true),
            Field("details", .string, nullable: true),
        ]
    public static let fieldVersions: [String: String] = ["host": "1.2", "details": "1.4"]

    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }

    public var id: Int {
        get { int("id") ?? 0 }
        set { set("id", newValue) }
    }
    public var event: String? {
        get { string("event") }
        set { set("event", newValue) }
    }
    public var actionID: Int? {
        get { int("action_id") }
        set { set("action_id", newValue) }
    }
    public var startTime: Date? {
        get { date("start_time") }
        set { set("start_time", newValue) }
    }
    public var finishTime: Date? {
        get { date("finish_time") }
        set { set("finish_time", newValue) }
    }
    /// `Success` or `Error`, nil while running.
    public var result: String? {
        get { string("result") }
        set { set("result", newValue) }
    }
    public var traceback: String? {
        get { string("traceback") }
        set { set("traceback", newValue) }
    }
    public var host: String? {
        get { string("host") }
        set { set("host", newValue) }
    }
    public var details: String? {
        get { string("details") }
        set { set("details", newValue) }
    }
}

/// Nova's InstanceActionEventList 1.1.
public struct InstanceActionEventList: NovaObjectList, Hashable {
    public typealias Element = InstanceActionEvent
    public static let objName = "InstanceActionEventList"
    public static let objVersion = "1.1"
    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }
}
