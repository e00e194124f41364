import Common

/// An error of the compute API's data path, named and worded as Nova's exception (`InstanceNotFound`,
/// `FlavorExists`...), with the HTTP status Nova's controllers answer it with. Stores and controllers
/// throw it; the pipeline renders it as Nova's fault body.
public struct ComputeError: Error, Sendable, Equatable, CustomStringConvertible, APIErrorConvertible, NovaNamedError {
    /// Nova's exception class name.
    public let novaClassName: String
    /// The user-facing message, as Nova formats it.
    public let novaMessage: String
    public let status: Int

    public init(_ className: String, status: Int, _ message: String) {
        novaClassName = className
        novaMessage = message
        self.status = status
    }

    public var description: String { "\(novaClassName): \(novaMessage)" }
    public var apiError: APIError { APIError(status: status, message: novaMessage) }

    /// True when this is Nova's exception `name`.
    public func `is`(_ name: String) -> Bool { novaClassName == name }

    // MARK: not found (404)

    public static func instanceNotFound(_ uuid: String) -> ComputeError {
        ComputeError("InstanceNotFound", status: 404, "Instance \(uuid) could not be found.")
    }
    public static func flavorNotFound(_ id: String) -> ComputeError {
        ComputeError("FlavorNotFound", status: 404, "Flavor \(id) could not be found.")
    }
    public static func flavorAccessNotFound(_ flavorID: String, _ projectID: String) -> ComputeError {
        ComputeError(
            "FlavorAccessNotFound", status: 404,
            "Flavor access not found for \(flavorID) / \(projectID) combination.")
    }
    public static func flavorExtraSpecsNotFound(_ flavorID: String, _ key: String) -> ComputeError {
        ComputeError(
            "FlavorExtraSpecsNotFound", status: 404, "Flavor \(flavorID) has no extra specs with key \(key).")
    }
    public static func imageNotFound(_ id: String) -> ComputeError {
        ComputeError("ImageNotFound", status: 404, "Image \(id) could not be found.")
    }
    public static func keypairNotFound(_ name: String, userID: String) -> ComputeError {
        ComputeError("KeypairNotFound", status: 404, "Keypair \(name) not found for user \(userID)")
    }
    public static func serviceNotFound(_ id: String) -> ComputeError {
        ComputeError("ServiceNotFound", status: 404, "Service \(id) could not be found.")
    }
    public static func hostBinaryNotFound(host: String, binary: String) -> ComputeError {
        ComputeError("HostBinaryNotFound", status: 404, "Could not find binary \(binary) on host \(host).")
    }
    public static func computeHostNotFound(_ host: String) -> ComputeError {
        ComputeError("ComputeHostNotFound", status: 404, "Compute host \(host) could not be found.")
    }
    public static func hypervisorNotFound(_ id: String) -> ComputeError {
        ComputeError("ComputeHostNotFound", status: 404, "Hypervisor with ID '\(id)' could not be found.")
    }
    public static func aggregateNotFound(_ id: Int) -> ComputeError {
        ComputeError("AggregateNotFound", status: 404, "Aggregate \(id) could not be found.")
    }
    public static func aggregateHostNotFound(_ id: Int, host: String) -> ComputeError {
        ComputeError("AggregateHostNotFound", status: 404, "Aggregate \(id) has no host \(host).")
    }
    public static func instanceGroupNotFound(_ uuid: String) -> ComputeError {
        ComputeError("InstanceGroupNotFound", status: 404, "Instance group \(uuid) could not be found.")
    }
    public static func instanceActionNotFound(requestID: String, instanceUUID: String) -> ComputeError {
        ComputeError(
            "InstanceActionNotFound", status: 404,
            "Action for request_id \(requestID) on instance \(instanceUUID) not found")
    }
    public static func migrationNotFound(instanceUUID: String, status: String) -> ComputeError {
        ComputeError(
            "MigrationNotFoundByStatus", status: 404,
            "Migration not found for instance \(instanceUUID) with status \(status).")
    }
    public static func migrationNotFound(_ id: String) -> ComputeError {
        ComputeError("MigrationNotFound", status: 404, "Migration \(id) could not be found.")
    }

    // MARK: bad request (400)

    public static func markerNotFound(_ marker: String) -> ComputeError {
        ComputeError("MarkerNotFound", status: 400, "marker [\(marker)] not found")
    }
    /// Nova's InvalidAggregateAction{Add,Delete,Update,UpdateMeta}: `verb` is `add host to`, `remove host
    /// from`, `update` or `update metadata of`.
    public static func invalidAggregateAction(_ verb: String, _ id: Int, reason: String, status: Int = 400)
        -> ComputeError
    {
        ComputeError(
            "InvalidAggregateAction", status: status, "Cannot \(verb) aggregate \(id). Reason: \(reason).")
    }

    // MARK: conflict (409)

    public static func flavorExists(name: String) -> ComputeError {
        ComputeError("FlavorExists", status: 409, "Flavor with name \(name) already exists.")
    }
    public static func flavorIdExists(_ id: String) -> ComputeError {
        ComputeError("FlavorIdExists", status: 409, "Flavor with ID \(id) already exists.")
    }
    public static func flavorAccessExists(_ flavorID: String, _ projectID: String) -> ComputeError {
        ComputeError(
            "FlavorAccessExists", status: 409,
            "Flavor access already exists for flavor \(flavorID) and project \(projectID) combination.")
    }
    public static func keyPairExists(_ name: String) -> ComputeError {
        ComputeError("KeyPairExists", status: 409, "Key pair '\(name)' already exists.")
    }
    public static func aggregateNameExists(_ name: String) -> ComputeError {
        ComputeError("AggregateNameExists", status: 409, "Aggregate \(name) already exists.")
    }
    public static func aggregateHostExists(_ id: Int, host: String) -> ComputeError {
        ComputeError("AggregateHostExists", status: 409, "Aggregate \(id) already has host \(host).")
    }
    public static func computeServiceInUse(_ host: String) -> ComputeError {
        ComputeError(
            "ComputeServiceInUse", status: 409,
            "Unable to delete compute service that is hosting instances. Migrate or delete the instances "
                + "first.")
    }
    public static func unexpectedTaskState(_ uuid: String, expected: [String?], actual: String?) -> ComputeError {
        let exp = expected.map { $0.map { "'\($0)'" } ?? "None" }.joined(separator: ", ")
        return ComputeError(
            "UnexpectedTaskStateError", status: 409,
            "Conflict updating instance \(uuid). Expected: {'task_state': [\(exp)]}. "
                + "Actual: {'task_state': \(actual.map { "'\($0)'" } ?? "None")}")
    }
    public static func unexpectedVMState(_ uuid: String, expected: [String], actual: String?) -> ComputeError {
        let exp = expected.map { "'\($0)'" }.joined(separator: ", ")
        return ComputeError(
            "UnexpectedVMStateError", status: 409,
            "Conflict updating instance \(uuid). Expected: {'vm_state': [\(exp)]}. "
                + "Actual: {'vm_state': \(actual.map { "'\($0)'" } ?? "None")}")
    }

    // MARK: quota (403)

    /// Nova's OverQuota for a single resource counted outside instance creation.
    public static func overQuota(_ message: String) -> ComputeError {
        ComputeError("OverQuota", status: 403, message)
    }
}

// Errors that reach nova-api from the RPC layer or a conductor-style store answer as Nova's API does.
extension InstanceNotFound: APIErrorConvertible {
    public var apiError: APIError { APIError(status: 404, message: message) }
}

extension UnexpectedTaskStateError: APIErrorConvertible {
    public var apiError: APIError { APIError(status: 409, message: message) }
}

extension NoValidHost: APIErrorConvertible {
    public var apiError: APIError { APIError(status: 400, message: message) }
}
