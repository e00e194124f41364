import Common

// Nova's "already exists" and invalid-input exceptions for what the store writes (the API maps them
// to 409 or 400).

/// `nova.exception.FlavorExists`: the name is taken.
public struct FlavorExists: NovaRemoteError, Equatable {
    public static let remoteName = "FlavorExists"
    public let message: String
    public let fields: [String: JSONValue]
    public init(name: String) {
        self.init(message: "Flavor with name \(name) already exists.", fields: ["name": .string(name)])
    }
    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}

/// `nova.exception.FlavorIdExists`.
public struct FlavorIdExists: NovaRemoteError, Equatable {
    public static let remoteName = "FlavorIdExists"
    public let message: String
    public let fields: [String: JSONValue]
    public init(flavorID: String) {
        self.init(message: "Flavor with ID \(flavorID) already exists.", fields: ["flavor_id": .string(flavorID)])
    }
    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}

/// `nova.exception.KeyPairExists`.
public struct KeyPairExists: NovaRemoteError, Equatable {
    public static let remoteName = "KeyPairExists"
    public let message: String
    public let fields: [String: JSONValue]
    public init(name: String) {
        self.init(message: "Key pair '\(name)' already exists.", fields: ["key_name": .string(name)])
    }
    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}

/// `nova.exception.AggregateNameExists`.
public struct AggregateNameExists: NovaRemoteError, Equatable {
    public static let remoteName = "AggregateNameExists"
    public let message: String
    public let fields: [String: JSONValue]
    public init(name: String) {
        self.init(message: "Aggregate \(name) already exists.", fields: ["aggregate_name": .string(name)])
    }
    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}

/// `nova.exception.AggregateHostExists`.
public struct AggregateHostExists: NovaRemoteError, Equatable {
    public static let remoteName = "AggregateHostExists"
    public let message: String
    public let fields: [String: JSONValue]
    public init(aggregateID: Int, host: String) {
        self.init(
            message: "Aggregate \(aggregateID) already has host \(host).",
            fields: ["aggregate_id": .int(aggregateID), "host": .string(host)])
    }
    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}

/// An object whose unique key is already taken, for objects Nova has no dedicated exception for
/// (images, services, instances, migrations, groups): `nova.exception.Invalid`-like, 409 in the API.
public struct ObjectExists: NovaRemoteError, Equatable {
    public static let remoteName = "ObjectExists"
    public static let remoteModule = "nova.db"
    public let message: String
    public let fields: [String: JSONValue]
    public init(kind: String, key: String) {
        self.init(message: "\(kind) \(key) already exists.", fields: ["kind": .string(kind), "key": .string(key)])
    }
    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}

/// Bad input to a query: an unknown sort key, a regular expression that does not compile, a negative
/// limit (`nova.exception.InvalidInput`, 400 in the API).
public struct InvalidInput: NovaRemoteError, Equatable {
    public static let remoteName = "InvalidInput"
    public let message: String
    public let fields: [String: JSONValue]
    public init(reason: String) {
        self.init(message: "Invalid input received: \(reason)", fields: ["reason": .string(reason)])
    }
    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}

/// A claim that does not fit: the node lacks inventory of a class, or usage + request would pass
/// total × allocation ratio − reserved. Nothing was written.
public struct ClaimFailed: NovaRemoteError, Equatable {
    public static let remoteName = "ClaimFailed"
    public static let remoteModule = "nova.db"
    public let message: String
    public let fields: [String: JSONValue]
    public init(nodeUUID: String, resourceClass: String, requested: Int, used: Int, capacity: Int) {
        let reason =
            capacity <= 0 && used == 0
            ? "node \(nodeUUID) has no \(resourceClass) inventory"
            : "\(resourceClass) on node \(nodeUUID): \(used) used + \(requested) requested > \(capacity) capacity"
        self.init(
            message: "Claim failed: \(reason)",
            fields: [
                "node": .string(nodeUUID), "resource_class": .string(resourceClass),
                "requested": .int(requested), "used": .int(used), "capacity": .int(capacity),
            ])
    }
    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }

    public var resourceClass: String { fields["resource_class"]?.stringValue ?? "" }
}

extension RemoteErrorRegistry {
    /// Registers the store's errors so they come back as themselves over RPC (call once at start-up).
    public static func registerStoreErrors() {
        register(
            FlavorNotFound.self, ImageNotFound.self, KeypairNotFound.self, ServiceNotFound.self,
            ComputeHostNotFound.self, AggregateNotFound.self, AggregateHostNotFound.self,
            InstanceGroupNotFound.self, MigrationNotFound.self, InstanceActionNotFound.self,
            MarkerNotFound.self, FlavorExists.self, FlavorIdExists.self, KeyPairExists.self,
            AggregateNameExists.self, AggregateHostExists.self, ObjectExists.self, InvalidInput.self,
            ClaimFailed.self)
    }
}
