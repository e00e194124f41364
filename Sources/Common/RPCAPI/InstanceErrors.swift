/// The instance does not exist (or is deleted) (`nova.exception.InstanceNotFound`).
public struct InstanceNotFound: NovaRemoteError, Equatable {
    public static let remoteName = "InstanceNotFound"
    public let message: String
    public let fields: [String: JSONValue]

    public init(instanceID: String) {
        message = "Instance \(instanceID) could not be found."
        fields = ["instance_id": .string(instanceID)]
    }

    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}

/// An instance save found another task under way (`nova.exception.UnexpectedTaskStateError`): someone else
/// changed the server first, so this operation stops.
public struct UnexpectedTaskStateError: NovaRemoteError, Equatable {
    public static let remoteName = "UnexpectedTaskStateError"
    public let message: String
    public let fields: [String: JSONValue]

    public init(instanceUUID: String, expected: [String?], actual: String?) {
        let exp = expected.map { $0 ?? "None" }.joined(separator: ", ")
        message = "Conflict updating instance \(instanceUUID). Expected: {'task_state': [\(exp)]}. "
            + "Actual: {'task_state': \(actual ?? "None")}"
        fields = ["instance_uuid": .string(instanceUUID), "actual": .from(actual)]
    }

    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}

/// The conductor refused an object operation that is not in its allowed-operations table.
public struct ObjectActionNotAllowed: NovaRemoteError, Equatable {
    public static let remoteName = "ObjectActionNotAllowed"
    public static let remoteModule = "nova.conductor"
    public let message: String
    public let fields: [String: JSONValue]

    public init(objName: String, method: String) {
        message = "Object operation \(objName).\(method) is not allowed through the conductor"
        fields = ["objname": .string(objName), "objmethod": .string(method)]
    }

    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}

extension RemoteErrorRegistry {
    /// Registers the errors of the service RPC APIs (call once at start-up).
    public static func registerServiceErrors() {
        register(InstanceNotFound.self, UnexpectedTaskStateError.self, ObjectActionNotAllowed.self)
    }
}
