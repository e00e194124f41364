import Common
import NovaDB

/// NovaDB's exceptions as the compute API answers them: the same `ComputeError` (name, status, wording)
/// `MemoryComputeStore` throws, so a controller cannot tell the stores apart. Anything else (a database
/// outage, a bug) passes through and becomes a 500.
enum StoreErrorMapping {
    static func map(_ error: any Error) -> any Error {
        switch error {
        case let e as NovaRemoteError: return notFound(e) ?? conflict(e) ?? error
        default: return error
        }
    }

    private static func text(_ e: NovaRemoteError, _ key: String) -> String {
        e.fields[key]?.stringValue ?? e.fields[key].map { $0.serialized() } ?? ""
    }

    private static func number(_ e: NovaRemoteError, _ key: String) -> Int {
        e.fields[key]?.intValue ?? Int(text(e, key)) ?? 0
    }

    private static func notFound(_ e: NovaRemoteError) -> ComputeError? {
        switch e {
        case is InstanceNotFound: return .instanceNotFound(text(e, "instance_id"))
        case is FlavorNotFound:
            if e.fields["extra_specs_key"] != nil {
                return .flavorExtraSpecsNotFound(text(e, "flavor_id"), text(e, "extra_specs_key"))
            }
            return .flavorNotFound(text(e, "flavor_id"))
        case is ImageNotFound: return .imageNotFound(text(e, "image_id"))
        case is KeypairNotFound: return .keypairNotFound(text(e, "name"), userID: text(e, "user_id"))
        case is ServiceNotFound: return .serviceNotFound(text(e, "service_id"))
        case is ComputeHostNotFound: return .hypervisorNotFound(text(e, "host"))
        case is AggregateNotFound: return .aggregateNotFound(number(e, "aggregate_id"))
        case is AggregateHostNotFound: return .aggregateHostNotFound(number(e, "aggregate_id"), host: text(e, "host"))
        case is InstanceGroupNotFound: return .instanceGroupNotFound(text(e, "group_uuid"))
        case is MigrationNotFound: return .migrationNotFound(text(e, "migration_id"))
        case is InstanceActionNotFound:
            return .instanceActionNotFound(requestID: text(e, "request_id"), instanceUUID: text(e, "instance_uuid"))
        case is MarkerNotFound: return .markerNotFound(text(e, "marker"))
        default: return nil
        }
    }

    private static func conflict(_ e: NovaRemoteError) -> ComputeError? {
        switch e {
        case is FlavorExists: return .flavorExists(name: text(e, "name"))
        case is FlavorIdExists: return .flavorIdExists(text(e, "flavor_id"))
        case is KeyPairExists: return .keyPairExists(text(e, "key_name"))
        case is AggregateNameExists: return .aggregateNameExists(text(e, "aggregate_name"))
        case is AggregateHostExists: return .aggregateHostExists(number(e, "aggregate_id"), host: text(e, "host"))
        case is ComputeServiceInUse: return .computeServiceInUse(text(e, "host"))
        case is ObjectExists: return ComputeError("ObjectExists", status: 409, e.message)
        case is InvalidInput: return ComputeError("InvalidInput", status: 400, e.message)
        case is UnexpectedTaskStateError, is UnexpectedVMStateError:
            return ComputeError(type(of: e).remoteName, status: 409, e.message)
        default: return nil
        }
    }
}
