import Foundation

/// A user-visible action on a server (create, reboot, resize...), one per request
/// (nova/objects/instance_action.py, InstanceAction 1.2). Its events are InstanceActionEvent rows,
/// fetched separately as in Nova (InstanceActionEventList.get_by_action).
public struct InstanceAction: NovaPersistentObject, Hashable {
    public static let objName = "InstanceAction"
    public static let objVersion = "1.2"
    public static let fields: [Field] =
        NovaPersistentFields.fields + [
            Field("id", .int),
            Field("action", .string, nullable: true),
            Field("instance_uuid", .uuid, nullable: true),
            Field("request_id", .string, nullable: true),
            Field("user_id", .string, nullable: true),
            Field("project_id", .string, nullable: true),
            Field("start_time", .dateTime, nullable: true),
            Field("finish_time", .dateTime, nullable: true),
            Field("message", .string, nullable: true),
        ]

    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }

    public var id: Int {
        get { int("id") ?? 0 }
        set { set("id", newValue) }
    }
    /// Nova's action names: `create`, `delete`, `reboot`, `stop`, `start`, `resize`, `confirmResize`, ...
    public var action: String? {
        get { string("action") }
        set { set("action", newValue) }
    }
    public var instanceUUID: String? {
        get { string("instance_uuid") }
        set { set("instance_uuid", newValue) }
    }
    public var requestID: String? {
        get { string("request_id") }
        set { set("request_id", newValue) }
    }
    public var userID: String? {
        get { string("user_id") }
        set { set("user_id", newValue) }
    }
    public var projectID: String? {
        get { string("project_id") }
        set { set("project_id", newValue) }
    }
    public var startTime: Date? {
        get { date("start_time") }
        set { set("start_time", newValue) }
    }
    public var finishTime: Date? {
        get { date("finish_time") }
        set { set("finish_time", newValue) }
    }
    /// `Error` when one of the action's events failed.
    public var message: String? {
        get { string("message") }
        set { set("message", newValue) }
    }
}

/// Nova's InstanceActionList 1.1.
public struct InstanceActionList: NovaObjectList, Hashable {
    public typealias Element = InstanceAction
    public static let objName = "InstanceActionList"
    public static let objVersion = "1.1"
    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }
}
