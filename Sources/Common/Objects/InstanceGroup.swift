/// A server group with an (anti-)affinity policy (nova/objects/instance_group.py, InstanceGroup 1.11).
public struct InstanceGroup: NovaPersistentObject, Hashable {
    public static let objName = "InstanceGroup"
    public static let objVersion = "1.11"
    /// Nova's policy names.
    public static let policies = ["affinity", "anti-affinity", "soft-affinity", "soft-anti-affinity"]

    public static let fields: [Field] =
        NovaPersistentFields.fields + [
            Field("id", .int),
            Field("user_id", .string, nullable: true),
            Field("project_id", .string, nullable: true),
            Field("uuid", .uuid),
            Field("name", .string, nullable: true),
            // Deprecated since 1.11 in favour of `policy`; read-only in Nova.
            Field("policies", .stringList, nullable: true),
            Field("members", .stringList, nullable: true),
            Field("hosts", .stringList, nullable: true),
            Field("policy", .string, nullable: true),
            // Nova names the field `_rules` and reads it through a `rules` property.
            Field("_rules", .stringDict, default: [:]),
        ]
    public static let fieldVersions: [String: String] = ["hosts": "1.10", "policy": "1.11", "_rules": "1.11"]

    /// Before 1.11 the policy travelled as a one-item `policies` list, and there were no rules.
    public static func makeCompatible(data: inout [String: JSONValue], to version: ObjectVersion) {
        guard version < ObjectVersion(1, 11) else { return }
        let policy = data.removeValue(forKey: "policy")?.stringValue
        data["policies"] = .array(policy.map { [.string($0)] } ?? [])
        data["_rules"] = nil
    }

    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }

    public var id: Int {
        get { int("id") ?? 0 }
        set { set("id", newValue) }
    }
    public var userID: String? {
        get { string("user_id") }
        set { set("user_id", newValue) }
    }
    public var projectID: String? {
        get { string("project_id") }
        set { set("project_id", newValue) }
    }
    public var uuid: String {
        get { string("uuid") ?? "" }
        set { set("uuid", newValue) }
    }
    public var name: String? {
        get { string("name") }
        set { set("name", newValue) }
    }
    /// Instance uuids in the group.
    public var members: [String]? {
        get { optionalStringList("members") }
        set { set("members", newValue) }
    }
    /// Hosts of the members, filled by the scheduler for the affinity filters.
    public var hosts: [String]? {
        get { optionalStringList("hosts") }
        set { set("hosts", newValue) }
    }
    /// The policy; from an older peer that only sent `policies`, its first entry.
    public var policy: String? {
        get { string("policy") ?? optionalStringList("policies")?.first }
        set { set("policy", newValue) }
    }
    /// Raw rules, e.g. `["max_server_per_host": "2"]` for anti-affinity.
    public var rules: [String: String] {
        get { stringDict("_rules") }
        set { set("_rules", newValue) }
    }
    /// `max_server_per_host` from the rules, as Nova's typed `rules` property.
    public var maxServerPerHost: Int? { rules["max_server_per_host"].flatMap { Int($0) } }
}

/// Nova's InstanceGroupList 1.8.
public struct InstanceGroupList: NovaObjectList, Hashable {
    public typealias Element = InstanceGroup
    public static let objName = "InstanceGroupList"
    public static let objVersion = "1.8"
    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }
}
