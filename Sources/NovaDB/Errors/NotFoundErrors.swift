import Common

// Nova's NotFound exceptions (nova/exception.py) for what the store looks up; they cross RPC as
// themselves and the API maps them to 404.

/// `nova.exception.FlavorNotFound`.
public struct FlavorNotFound: NovaRemoteError, Equatable {
    public static let remoteName = "FlavorNotFound"
    public let message: String
    public let fields: [String: JSONValue]
    public init(flavorID: String) {
        self.init(message: "Flavor \(flavorID) could not be found.", fields: ["flavor_id": .string(flavorID)])
    }
    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}

/// `nova.exception.ImageNotFound`.
public struct ImageNotFound: NovaRemoteError, Equatable {
    public static let remoteName = "ImageNotFound"
    public let message: String
    public let fields: [String: JSONValue]
    public init(imageID: String) {
        self.init(message: "Image \(imageID) could not be found.", fields: ["image_id": .string(imageID)])
    }
    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}

/// `nova.exception.KeypairNotFound`.
public struct KeypairNotFound: NovaRemoteError, Equatable {
    public static let remoteName = "KeypairNotFound"
    public let message: String
    public let fields: [String: JSONValue]
    public init(name: String, userID: String) {
        self.init(
            message: "Keypair \(name) not found for user \(userID)",
            fields: ["name": .string(name), "user_id": .string(userID)])
    }
    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}

/// `nova.exception.ServiceNotFound`.
public struct ServiceNotFound: NovaRemoteError, Equatable {
    public static let remoteName = "ServiceNotFound"
    public let message: String
    public let fields: [String: JSONValue]
    public init(serviceID: String) {
        self.init(message: "Service \(serviceID) could not be found.", fields: ["service_id": .string(serviceID)])
    }
    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}

/// `nova.exception.ComputeHostNotFound`: no compute node (or compute service) by that host/node/uuid.
public struct ComputeHostNotFound: NovaRemoteError, Equatable {
    public static let remoteName = "ComputeHostNotFound"
    public let message: String
    public let fields: [String: JSONValue]
    public init(host: String) {
        self.init(message: "Compute host \(host) could not be found.", fields: ["host": .string(host)])
    }
    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}

/// `nova.exception.AggregateNotFound`.
public struct AggregateNotFound: NovaRemoteError, Equatable {
    public static let remoteName = "AggregateNotFound"
    public let message: String
    public let fields: [String: JSONValue]
    public init(aggregateID: String) {
        self.init(
            message: "Aggregate \(aggregateID) could not be found.",
            fields: ["aggregate_id": .string(aggregateID)])
    }
    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}

/// `nova.exception.AggregateHostNotFound`.
public struct AggregateHostNotFound: NovaRemoteError, Equatable {
    public static let remoteName = "AggregateHostNotFound"
    public let message: String
    public let fields: [String: JSONValue]
    public init(aggregateID: Int, host: String) {
        self.init(
            message: "Aggregate \(aggregateID) has no host \(host).",
            fields: ["aggregate_id": .int(aggregateID), "host": .string(host)])
    }
    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}

/// `nova.exception.InstanceGroupNotFound`.
public struct InstanceGroupNotFound: NovaRemoteError, Equatable {
    public static let remoteName = "InstanceGroupNotFound"
    public let message: String
    public let fields: [String: JSONValue]
    public init(groupUUID: String) {
        self.init(
            message: "Instance group \(groupUUID) could not be found.",
            fields: ["group_uuid": .string(groupUUID)])
    }
    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}

/// `nova.exception.MigrationNotFound`.
public struct MigrationNotFound: NovaRemoteError, Equatable {
    public static let remoteName = "MigrationNotFound"
    public let message: String
    public let fields: [String: JSONValue]
    public init(migrationID: String) {
        self.init(
            message: "Migration \(migrationID) could not be found.",
            fields: ["migration_id": .string(migrationID)])
    }
    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}

/// `nova.exception.InstanceActionNotFound`.
public struct InstanceActionNotFound: NovaRemoteError, Equatable {
    public static let remoteName = "InstanceActionNotFound"
    public let message: String
    public let fields: [String: JSONValue]
    public init(requestID: String, instanceUUID: String) {
        self.init(
            message: "Action for request_id \(requestID) on instance \(instanceUUID) not found",
            fields: ["request_id": .string(requestID), "instance_uuid": .string(instanceUUID)])
    }
    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}

/// `nova.exception.MarkerNotFound`: a paging marker that names nothing.
public struct MarkerNotFound: NovaRemoteError, Equatable {
    public static let remoteName = "MarkerNotFound"
    public let message: String
    public let fields: [String: JSONValue]
    public init(marker: String) {
        self.init(message: "Marker \(marker) could not be found.", fields: ["marker": .string(marker)])
    }
    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}
