import Common
import Foundation

/// `DELETE /os-services/{id}`: what the API deletes with a service.
extension NovaStore {
    /// Deletes a service as nova-api does, in one transaction: a compute service still hosting live
    /// instances is refused (`ComputeServiceInUse`); otherwise its host leaves every aggregate and the
    /// service and its compute nodes are soft-deleted. `ServiceNotFound` when there is no such service.
    public func removeService(id: Int) async throws {
        try await write { s in
            guard let r = try s.first("SELECT host, \"binary\" FROM services WHERE id = ? AND deleted = 0", [.int(id)])
            else { throw ServiceNotFound(serviceID: String(id)) }
            let host = r.string("host")
            let now = Self.now()
            if r.string("binary") == "nova-compute", let host {
                if try s.first("SELECT 1 FROM instances WHERE host = ? AND deleted = 0", [.text(host)]) != nil {
                    throw ComputeServiceInUse(host: host)
                }
                try s.execute("DELETE FROM aggregate_hosts WHERE host = ?", [.text(host)])
                try s.execute("UPDATE compute_nodes SET deleted = id, deleted_at = ? WHERE deleted = 0 AND "
                                  + "(service_id = ? OR host = ?)", [now, .int(id), .text(host)])
            }
            try s.execute("UPDATE services SET deleted = id, deleted_at = ? WHERE id = ?", [now, .int(id)])
        }
    }
}

/// `nova.exception.ComputeServiceInUse`: a compute service still hosting instances cannot be deleted.
public struct ComputeServiceInUse: NovaRemoteError, Equatable {
    public static let remoteName = "ComputeServiceInUse"
    public let message: String
    public let fields: [String: JSONValue]
    public init(host: String) {
        self.init(message: "Unable to delete compute service that is hosting instances. Migrate or delete the "
                      + "instances first.", fields: ["host": .string(host)])
    }
    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}
