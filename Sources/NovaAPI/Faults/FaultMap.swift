/// An error that already knows its HTTP answer.
public protocol APIErrorConvertible: Error {
    var apiError: APIError { get }
}

/// An error named as Nova names its exceptions (`InstanceNotFound`), with the user message Nova would
/// format. Domain errors (NovaDB, objects, remote RPC errors) adopt it so `FaultMap` can answer them.
public protocol NovaNamedError: Error {
    var novaClassName: String { get }
    var novaMessage: String { get }
}

/// The one table from Nova exception classes to HTTP status (nova/exception.py's `code`s, and the
/// conversions Nova's controllers apply, such as InstanceInvalidState → 409).
public enum FaultMap {
    public static let statusByClass: [String: Int] = {
        var t: [String: Int] = [:]
        for name in notFound { t[name] = 404 }
        for name in invalid { t[name] = 400 }
        for name in conflict { t[name] = 409 }
        for name in forbidden { t[name] = 403 }
        t["NotAuthorized"] = 401
        t["Unauthorized"] = 401
        t["NotSupported"] = 501
        t["NotImplemented"] = 501
        t["ServiceUnavailable"] = 503
        return t
    }()

    static let notFound = [
        "NotFound", "InstanceNotFound", "FlavorNotFound", "FlavorAccessNotFound", "FlavorExtraSpecsNotFound",
        "ImageNotFound", "KeypairNotFound", "ComputeHostNotFound", "HostNotFound", "HypervisorNotFound",
        "ServiceNotFound", "AggregateNotFound", "AggregateHostNotFound", "AggregateMetadataNotFound",
        "InstanceGroupNotFound", "MigrationNotFound", "MigrationNotFoundByStatus", "InstanceActionNotFound",
        "InstanceActionEventNotFound", "QuotaNotFound", "ProjectQuotaNotFound", "QuotaClassNotFound",
        "AvailabilityZoneNotFound", "ComputeHostNotInAggregate", "NetworkNotFound", "VolumeNotFound",
        "InstanceMetadataNotFound", "MetadataNotFound",
    ]
    static let invalid = [
        "Invalid", "InvalidInput", "ValidationError", "InvalidMetadata", "InvalidMetadataSize", "InvalidSortKey",
        "MarkerNotFound", "InvalidKeypair", "InvalidRequest", "InvalidAggregateAction",
        "InvalidAggregateActionAdd", "InvalidAggregateActionDelete", "InvalidAggregateActionUpdate",
        "InvalidAggregateActionUpdateMeta", "ImageNotActive", "FlavorDiskTooSmall", "FlavorMemoryTooSmall",
        "FlavorDiskSmallerThanImage", "FlavorDiskSmallerThanMinDisk", "InvalidFlavor", "InvalidID",
        "InvalidParameterValue", "InvalidVolume", "InvalidBDM", "InvalidServerGroupPolicy",
        "InvalidAPIVersionString", "MalformedRequestBody",
    ]
    static let conflict = [
        "Conflict", "InstanceInvalidState", "InstanceIsLocked", "KeyPairExists", "FlavorExists", "FlavorIdExists",
        "FlavorCreateFailed", "AggregateNameExists", "AggregateHostExists", "AggregateMetadataKeyExists",
        "InstanceExists", "ServiceBinaryExists", "ServiceTopicExists", "InstanceGroupIdExists",
        "InstanceGroupMemberNotFound", "ComputeServiceInUse", "InstanceUnknownCell", "ServiceIsInUse",
    ]
    static let forbidden = [
        "Forbidden", "PolicyNotAuthorized", "AdminRequired", "QuotaError", "OverQuota", "QuotaExceeded",
        "TooManyInstances", "KeypairLimitExceeded", "MetadataLimitExceeded", "ServerGroupLimitExceeded",
    ]

    /// The HTTP answer for a thrown error, or nil when nothing maps it (an unexpected error: 500).
    public static func apiError(for error: any Error) -> APIError? {
        if let e = error as? APIError { return e }
        if let e = error as? any APIErrorConvertible { return e.apiError }
        if let e = error as? any NovaNamedError {
            return statusByClass[e.novaClassName].map { APIError(status: $0, message: e.novaMessage) }
        }
        // A plain Swift error type named like Nova's class (struct InstanceNotFound: Error) maps by its name.
        let name = String(describing: type(of: error))
        if let status = statusByClass[name] { return APIError(status: status, message: "\(error)") }
        return nil
    }
}
