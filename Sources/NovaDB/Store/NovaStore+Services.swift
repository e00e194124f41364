import Common
import Foundation

/// Services and their heartbeats. A service is up while its last heartbeat is younger than
/// `service_down_time` and it is not forced down.
extension NovaStore {
    static let serviceFixedFields: Set<String> = ["id", "created_at", "updated_at", "deleted", "deleted_at"]

    /// Stores a new service record; `ObjectExists` when `host`/`binary` already has one.
    public func createService(_ service: Service) async throws -> Service {
        try await write { s in
            var svc = service
            if svc.uuid.isEmpty { svc.uuid = UUID().uuidString.lowercased() }
            var pairs = Tables.services.assignments(svc.storage.values, excluding: Self.serviceFixedFields)
            pairs += [("created_at", Self.now()), ("deleted", .int(0))]
            return try Self.mapDuplicate(ObjectExists(kind: "Service", key: "\(svc.host ?? "")/\(svc.binary ?? "")")) {
                try Tables.services.insert(pairs, s)
            }
        }
    }

    /// Heartbeat: creates the service on its first report, then bumps `report_count` and stamps
    /// `last_seen_up`/`updated_at` (one upsert, so concurrent first reports cannot duplicate it).
    public func reportService(_ service: Service) async throws -> Service {
        guard let host = service.host, let binary = service.binary else {
            throw InvalidInput(reason: "a service report needs host and binary")
        }
        let uuid = service.uuid.isEmpty ? UUID().uuidString.lowercased() : service.uuid
        return try await write { s in
            let now = Self.now()
            let sql = """
                INSERT INTO services (uuid, host, "binary", topic, report_count, disabled, forced_down, version,
                    last_seen_up, created_at, updated_at, deleted)
                VALUES (?, ?, ?, ?, 0, 0, 0, ?, ?, ?, ?, 0)
                ON CONFLICT (host, "binary", deleted) DO UPDATE SET report_count = services.report_count + 1,
                    last_seen_up = excluded.last_seen_up, updated_at = excluded.updated_at, version = excluded.version,
                    topic = COALESCE(excluded.topic, services.topic)
                RETURNING \(Tables.services.selectList)
                """
            let params: [SQLValue] = [
                .text(uuid), .text(host), .text(binary), .from(service.topic),
                .int(service.version), now, now, now,
            ]
            guard let r = try s.first(sql, params) else {
                throw DatabaseError.badRow("service upsert returned nothing")
            }
            return Tables.services.decode(r)
        }
    }

    /// The service with database id `id`; `ServiceNotFound` otherwise.
    public func service(id: Int) async throws -> Service {
        try await read { s in
            guard let r = try s.first(Tables.services.select(where: "id = ? AND deleted = 0"), [.int(id)]) else {
                throw ServiceNotFound(serviceID: String(id))
            }
            return Tables.services.decode(r)
        }
    }

    /// The service with `uuid` (the API's id since 2.53); `ServiceNotFound` otherwise.
    public func service(uuid: String) async throws -> Service {
        try await read { s in
            guard let r = try s.first(Tables.services.select(where: "uuid = ? AND deleted = 0"), [.text(uuid)]) else {
                throw ServiceNotFound(serviceID: uuid)
            }
            return Tables.services.decode(r)
        }
    }

    /// The live `binary` service on `host`, if any.
    public func service(host: String, binary: String) async throws -> Service? {
        try await read { s in
            try s.first(
                Tables.services.select(where: "host = ? AND \"binary\" = ? AND deleted = 0"),
                [.text(host), .text(binary)]
            ).map(Tables.services.decode)
        }
    }

    /// Services by id, optionally only one binary and/or host.
    public func services(binary: String? = nil, host: String? = nil, readDeleted: RequestContext.ReadDeleted = .no)
        async throws -> [Service]
    {
        try await read { s in
            var conds = [Self.deletedCondition(readDeleted)]
            var params: [SQLValue] = []
            if let binary {
                conds.append("\"binary\" = ?")
                params.append(.text(binary))
            }
            if let host {
                conds.append("host = ?")
                params.append(.text(host))
            }
            return try s.query(Tables.services.select(where: conds.joined(separator: " AND ")) + " ORDER BY id", params)
                .map(Tables.services.decode)
        }
    }

    /// Writes `changes` (e.g. `disabled`, `disabled_reason`, `forced_down`, as `Service.changedValues`).
    public func saveService(id: Int, changes: [String: JSONValue]) async throws -> Service {
        try await write { s in
            let pairs =
                Tables.services.assignments(changes, excluding: Self.serviceFixedFields.union(["uuid"]))
                + [("updated_at", Self.now())]
            guard let svc = try Tables.services.update(pairs, where: "id = ? AND deleted = 0", [.int(id)], s).first
            else {
                throw ServiceNotFound(serviceID: String(id))
            }
            return svc
        }
    }

    /// Soft-deletes the service and, for a compute service, its compute nodes.
    public func deleteService(id: Int) async throws {
        try await write { s in
            let now = Self.now()
            guard
                let r = try s.first(
                    "UPDATE services SET deleted = id, deleted_at = ? WHERE id = ? AND deleted = 0 "
                        + "RETURNING host, \"binary\"", [now, .int(id)])
            else { throw ServiceNotFound(serviceID: String(id)) }
            if r.string("binary") == "nova-compute" {
                try s.execute(
                    "UPDATE compute_nodes SET deleted = id, deleted_at = ? WHERE deleted = 0 AND "
                        + "(service_id = ? OR host = ?)", [now, .int(id), .from(r.string("host"))])
            }
        }
    }

    /// Whether `service` is up at `now`: its last heartbeat (or update, or creation) is younger than
    /// `serviceDownTime` seconds, and it is not forced down.
    public static func isUp(_ service: Service, serviceDownTime: Int, now: Date = Date()) -> Bool {
        guard !service.forcedDown else { return false }
        guard let last = service.lastSeenUp ?? service.updatedAt ?? service.createdAt else { return false }
        return now.timeIntervalSince(last) <= Double(serviceDownTime)
    }

    /// Whether the nova-compute service of `host` is up.
    public func isComputeUp(host: String, serviceDownTime: Int) async throws -> Bool {
        guard let svc = try await service(host: host, binary: "nova-compute") else { return false }
        return Self.isUp(svc, serviceDownTime: serviceDownTime)
    }
}
