import Common
import Foundation

/// Instance faults: the errors recorded against a server; the API shows the latest.
extension NovaStore {
    /// Records a fault against the instance (live or not) and returns it.
    @discardableResult
    public func createFault(
        instanceUUID: String, code: Int, message: String, details: String? = nil,
        host: String? = nil
    ) async throws -> InstanceFault {
        try await write { s in
            // Nova truncates the message to the column (255).
            let pairs: [(String, SQLValue)] = [
                ("instance_uuid", .text(instanceUUID)), ("code", .int(code)),
                ("message", .text(String(message.prefix(255)))),
                ("details", .from(details)), ("host", .from(host)), ("created_at", Self.now()), ("deleted", .int(0)),
            ]
            do {
                return try Tables.faults.insert(pairs, s)
            } catch DatabaseError.constraint {
                throw InstanceNotFound(instanceID: instanceUUID)
            }
        }
    }

    /// The faults of one instance, newest first.
    public func faults(instanceUUID: String) async throws -> [InstanceFault] {
        try await read { s in
            try s.query(
                Tables.faults.select(where: "instance_uuid = ?") + " ORDER BY created_at DESC, id DESC",
                [.text(instanceUUID)]
            ).map(Tables.faults.decode)
        }
    }

    /// The newest fault of each of `uuids` that has one.
    public func latestFaults(instanceUUIDs uuids: [String]) async throws -> [String: InstanceFault] {
        try await read { s in try Self.latestFaults(uuids, s) }
    }

    static func latestFaults(_ uuids: [String], _ s: DBSession) throws -> [String: InstanceFault] {
        var out: [String: InstanceFault] = [:]
        let rows = try inChunks(uuids, s) {
            Tables.faults.select(where: "instance_uuid IN (\($0))") + " ORDER BY id DESC"
        }
        for r in rows {
            let f = Tables.faults.decode(r)
            if out[f.instanceUUID] == nil { out[f.instanceUUID] = f }
        }
        return out
    }
}
