import Common
import Foundation

/// Request specs: what the scheduler was asked for an instance, kept for later moves and reschedules.
extension NovaStore {
    /// Stores (or replaces) the spec of `spec.instanceUUID`, in its primitive form.
    @discardableResult
    public func saveRequestSpec(_ spec: RequestSpec) async throws -> RequestSpec {
        guard !spec.instanceUUID.isEmpty else { throw InvalidInput(reason: "a request spec needs instance_uuid") }
        var clean = spec
        // The retry and the scheduler's per-request hints are not persisted, as in Nova.
        clean.storage.values["retry"] = nil
        clean.storage.values["requested_destination"] = nil
        clean.resetChanges()
        let primitive = clean.toPrimitive()
        let base = clean
        return try await write { s in
            let now = Self.now()
            guard
                let r = try s.first(
                    """
                    INSERT INTO request_specs (instance_uuid, spec, created_at) VALUES (?, ?, ?)
                    ON CONFLICT (instance_uuid) DO UPDATE SET spec = excluded.spec, updated_at = excluded.created_at
                    RETURNING id
                    """, [.text(spec.instanceUUID), .json(primitive), now])
            else { throw DatabaseError.badRow("request spec upsert returned nothing") }
            var stored = base
            stored.storage.values["id"] = .from(r.int("id"))
            return stored
        }
    }

    /// The spec of the instance, if one was saved.
    public func requestSpec(instanceUUID: String) async throws -> RequestSpec? {
        try await read { s in
            guard
                let r = try s.first("SELECT id, spec FROM request_specs WHERE instance_uuid = ?", [.text(instanceUUID)])
            else { return nil }
            guard let p = r.json("spec") else {
                throw DatabaseError.badRow("request spec of \(instanceUUID) is not JSON")
            }
            var spec = try RequestSpec.fromPrimitive(p)
            spec.storage.values["id"] = .from(r.int("id"))
            spec.resetChanges()
            return spec
        }
    }

    public func deleteRequestSpec(instanceUUID: String) async throws {
        try await write { s in try s.execute("DELETE FROM request_specs WHERE instance_uuid = ?", [.text(instanceUUID)])
        }
    }
}
