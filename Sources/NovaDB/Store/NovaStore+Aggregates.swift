import Common
import Foundation

/// Host aggregates with their hosts and metadata (an `availability_zone` key makes one a zone).
extension NovaStore {
    /// Creates an aggregate, optionally in availability zone `availabilityZone`; `AggregateNameExists`
    /// when the name is taken.
    public func createAggregate(name: String, availabilityZone: String? = nil, uuid: String? = nil) async throws
        -> Aggregate
    {
        try await write { s in
            let pairs: [(String, SQLValue)] = [
                ("uuid", .text(uuid ?? UUID().uuidString.lowercased())),
                ("name", .text(name)), ("created_at", Self.now()),
            ]
            let agg = try Self.mapDuplicate(AggregateNameExists(name: name)) { try Tables.aggregates.insert(pairs, s) }
            if let availabilityZone {
                try Self.setAggregateMetadata(agg.id, ["availability_zone": availabilityZone], s)
            }
            return try Self.attachAggregateExtras([agg], s)[0]
        }
    }

    /// The aggregate with database id `id`; `AggregateNotFound` otherwise.
    public func aggregate(id: Int) async throws -> Aggregate {
        try await read { s in try Self.aggregateRow("id = ?", .int(id), s, missing: String(id)) }
    }

    public func aggregate(uuid: String) async throws -> Aggregate {
        try await read { s in try Self.aggregateRow("uuid = ?", .text(uuid), s, missing: uuid) }
    }

    /// Every aggregate, by id; with `host`, only those containing it.
    public func aggregates(host: String? = nil) async throws -> [Aggregate] {
        try await read { s in
            let rows: [SQLRow]
            if let host {
                rows = try s.query(
                    Tables.aggregates.select(
                        where: "id IN (SELECT aggregate_id FROM aggregate_hosts WHERE host = ?)") + " ORDER BY id",
                    [.text(host)])
            } else {
                rows = try s.query(Tables.aggregates.select(where: "1 = 1") + " ORDER BY id")
            }
            return try Self.attachAggregateExtras(rows.map(Tables.aggregates.decode), s)
        }
    }

    /// Renames the aggregate and/or changes its availability zone (nil leaves either alone).
    public func updateAggregate(id: Int, name: String? = nil, availabilityZone: String? = nil) async throws -> Aggregate
    {
        try await write { s in
            var pairs: [(String, SQLValue)] = [("updated_at", Self.now())]
            if let name { pairs.append(("name", .text(name))) }
            guard
                try Self.mapDuplicate(
                    AggregateNameExists(name: name ?? ""),
                    {
                        try Tables.aggregates.update(pairs, where: "id = ?", [.int(id)], s)
                    }
                ).first != nil
            else { throw AggregateNotFound(aggregateID: String(id)) }
            if let availabilityZone { try Self.setAggregateMetadata(id, ["availability_zone": availabilityZone], s) }
            return try Self.aggregateRow("id = ?", .int(id), s, missing: String(id))
        }
    }

    /// Deletes the aggregate with its hosts and metadata.
    public func deleteAggregate(id: Int) async throws {
        try await write { s in
            guard try s.execute("DELETE FROM aggregates WHERE id = ?", [.int(id)]) > 0 else {
                throw AggregateNotFound(aggregateID: String(id))
            }
        }
    }

    /// Adds `host`; `AggregateHostExists` when it is already in.
    public func addAggregateHost(id: Int, host: String) async throws -> Aggregate {
        try await write { s in
            _ = try Self.aggregateRow("id = ?", .int(id), s, missing: String(id))
            try Self.mapDuplicate(AggregateHostExists(aggregateID: id, host: host)) {
                try s.execute(
                    "INSERT INTO aggregate_hosts (aggregate_id, host, created_at) VALUES (?, ?, ?)",
                    [.int(id), .text(host), Self.now()])
            }
            return try Self.aggregateRow("id = ?", .int(id), s, missing: String(id))
        }
    }

    /// Removes `host`; `AggregateHostNotFound` when it is not in.
    public func removeAggregateHost(id: Int, host: String) async throws -> Aggregate {
        try await write { s in
            _ = try Self.aggregateRow("id = ?", .int(id), s, missing: String(id))
            guard
                try s.execute(
                    "DELETE FROM aggregate_hosts WHERE aggregate_id = ? AND host = ?",
                    [.int(id), .text(host)]) > 0
            else { throw AggregateHostNotFound(aggregateID: id, host: host) }
            return try Self.aggregateRow("id = ?", .int(id), s, missing: String(id))
        }
    }

    /// Sets metadata keys; a nil value removes the key (Nova's set_metadata with None).
    public func updateAggregateMetadata(id: Int, _ items: [String: String?]) async throws -> Aggregate {
        try await write { s in
            _ = try Self.aggregateRow("id = ?", .int(id), s, missing: String(id))
            try Self.setAggregateMetadata(id, items, s)
            return try Self.aggregateRow("id = ?", .int(id), s, missing: String(id))
        }
    }

    static func setAggregateMetadata(_ id: Int, _ items: [String: String?], _ s: DBSession) throws {
        for (k, v) in items.sorted(by: { $0.key < $1.key }) {
            if let v {
                try s.execute(
                    """
                    INSERT INTO aggregate_metadata (aggregate_id, "key", "value", created_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (aggregate_id, "key") DO UPDATE SET "value" = excluded."value",
                        updated_at = excluded.created_at
                    """, [.int(id), .text(k), .text(v), now()])
            } else {
                try s.execute(
                    "DELETE FROM aggregate_metadata WHERE aggregate_id = ? AND \"key\" = ?", [.int(id), .text(k)])
            }
        }
    }

    static func aggregateRow(_ cond: String, _ key: SQLValue, _ s: DBSession, missing: String) throws -> Aggregate {
        guard let r = try s.first(Tables.aggregates.select(where: cond), [key]) else {
            throw AggregateNotFound(aggregateID: missing)
        }
        return try attachAggregateExtras([Tables.aggregates.decode(r)], s)[0]
    }

    static func attachAggregateExtras(_ aggs: [Aggregate], _ s: DBSession) throws -> [Aggregate] {
        guard !aggs.isEmpty else { return [] }
        let ids = aggs.map { String($0.id) }
        var hosts: [Int: [JSONValue]] = [:]
        var meta: [Int: [String: JSONValue]] = [:]
        for r in try inChunks(
            ids, s, { "SELECT aggregate_id, host FROM aggregate_hosts WHERE aggregate_id IN (\($0)) ORDER BY host" })
        {
            hosts[r.int("aggregate_id") ?? 0, default: []].append(.from(r.string("host")))
        }
        for r in try inChunks(
            ids, s, { "SELECT aggregate_id, \"key\", \"value\" FROM aggregate_metadata WHERE aggregate_id IN (\($0))" })
        {
            meta[r.int("aggregate_id") ?? 0, default: [:]][r.string("key") ?? ""] = .from(r.string("value"))
        }
        return aggs.map { a in
            var a = a
            a.storage.values["hosts"] = .array(hosts[a.id] ?? [])
            a.storage.values["metadata"] = .object(meta[a.id] ?? [:])
            return a
        }
    }
}
