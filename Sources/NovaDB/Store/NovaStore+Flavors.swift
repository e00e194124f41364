import Common
import Foundation

/// Flavors with their extra specs and project access. Flavors are deleted for real (Nova's API database);
/// instances keep a copy of theirs.
extension NovaStore {
    /// Columns flavor lists may sort on.
    public static let flavorSortColumns: Set<String> = [
        "id", "flavorid", "name", "memory_mb", "vcpus", "root_gb", "ephemeral_gb", "swap", "rxtx_factor",
        "is_public", "created_at",
    ]

    /// Stores a new flavor with its extra specs and projects. `FlavorIdExists` / `FlavorExists` when the
    /// flavorid / name is taken.
    public func createFlavor(_ flavor: Flavor) async throws -> Flavor {
        try await write { s in try Self.insertFlavor(flavor, s) }
    }

    static func insertFlavor(_ flavor: Flavor, _ s: DBSession) throws -> Flavor {
        if try s.first("SELECT 1 FROM flavors WHERE flavorid = ?", [.text(flavor.flavorID)]) != nil {
            throw FlavorIdExists(flavorID: flavor.flavorID)
        }
        var pairs = Tables.flavors.assignments(flavor.storage.values, excluding: ["id", "created_at", "updated_at"])
        pairs.append(("created_at", now()))
        let stored = try mapDuplicate(FlavorExists(name: flavor.name ?? "")) { try Tables.flavors.insert(pairs, s) }
        for (k, v) in flavor.extraSpecs.sorted(by: { $0.key < $1.key }) {
            try s.execute(
                "INSERT INTO flavor_extra_specs (flavor_id, \"key\", \"value\", created_at) VALUES (?, ?, ?, ?)",
                [.int(stored.id), .text(k), .text(v), now()])
        }
        for p in Set(flavor.projects).sorted() {
            try s.execute(
                "INSERT INTO flavor_projects (flavor_id, project_id, created_at) VALUES (?, ?, ?)",
                [.int(stored.id), .text(p), now()])
        }
        return try attachFlavorExtras([stored], s)[0]
    }

    /// The flavor with API id `flavorID`; `FlavorNotFound` otherwise.
    public func flavor(flavorID: String) async throws -> Flavor {
        try await read { s in try Self.flavorRow("flavorid = ?", .text(flavorID), s, missing: flavorID) }
    }

    /// The flavor with database id `id`; `FlavorNotFound` otherwise.
    public func flavor(id: Int) async throws -> Flavor {
        try await read { s in try Self.flavorRow("id = ?", .int(id), s, missing: String(id)) }
    }

    static func flavorRow(_ cond: String, _ key: SQLValue, _ s: DBSession, missing: String) throws -> Flavor {
        guard let r = try s.first(Tables.flavors.select(where: cond), [key]) else {
            throw FlavorNotFound(flavorID: missing)
        }
        return try attachFlavorExtras([Tables.flavors.decode(r)], s)[0]
    }

    /// Flavors, by default sorted by flavorid as Nova does. `isPublic`: true = public only, false =
    /// private only, nil = both; `projectID` adds the private flavors that project was given access to
    /// (with `isPublic == true`). `marker` is a flavorid.
    public func flavors(
        isPublic: Bool? = nil, projectID: String? = nil, minRAM: Int? = nil, minDisk: Int? = nil,
        disabled: Bool? = nil,
        sort: [SortKey] = [.asc("flavorid")], limit: Int? = nil, marker: String? = nil
    ) async throws
        -> [Flavor]
    {
        try Self.checkLimit(limit)
        for k in sort where !Self.flavorSortColumns.contains(k.column) {
            throw InvalidInput(reason: "sort key \(k.column) is not supported")
        }
        let keys = KeysetPaging.total(sort)
        return try await read { s in
            var conds = ["1 = 1"]
            var params: [SQLValue] = []
            if let disabled {
                conds.append("disabled = ?")
                params.append(.int(disabled ? 1 : 0))
            }
            switch (isPublic, projectID) {
            case (true?, let p?):
                conds.append("(is_public = 1 OR id IN (SELECT flavor_id FROM flavor_projects WHERE project_id = ?))")
                params.append(.text(p))
            case (let pub?, _):
                conds.append("is_public = ?")
                params.append(.int(pub ? 1 : 0))
            case (nil, _): break
            }
            if let minRAM {
                conds.append("memory_mb >= ?")
                params.append(.int(minRAM))
            }
            if let minDisk {
                conds.append("root_gb >= ?")
                params.append(.int(minDisk))
            }
            if let marker {
                guard let m = try s.first("SELECT * FROM flavors WHERE flavorid = ?", [.text(marker)]) else {
                    throw MarkerNotFound(marker: marker)
                }
                let (after, ap) = KeysetPaging.after(keys, marker: m)
                conds.append(after)
                params += ap
            }
            var sql =
                Tables.flavors.select(where: conds.joined(separator: " AND ")) + " ORDER BY "
                + KeysetPaging.orderBy(keys)
            if let limit {
                sql += " LIMIT ?"
                params.append(.int(limit))
            }
            return try Self.attachFlavorExtras(try s.query(sql, params).map(Tables.flavors.decode), s)
        }
    }

    /// Deletes the flavor (its extra specs and access go with it).
    public func deleteFlavor(flavorID: String) async throws {
        try await write { s in
            guard try s.execute("DELETE FROM flavors WHERE flavorid = ?", [.text(flavorID)]) > 0 else {
                throw FlavorNotFound(flavorID: flavorID)
            }
        }
    }

    /// Sets the flavor's description (the one mutable attribute, microversion 2.55).
    public func updateFlavorDescription(flavorID: String, description: String?) async throws -> Flavor {
        try await write { s in
            let id = try Self.flavorDBID(flavorID, s)
            try s.execute(
                "UPDATE flavors SET description = ?, updated_at = ? WHERE id = ?",
                [.from(description), Self.now(), .int(id)])
            return try Self.flavorRow("id = ?", .int(id), s, missing: flavorID)
        }
    }

    /// Adds or overwrites extra specs.
    public func setFlavorExtraSpecs(flavorID: String, _ specs: [String: String]) async throws -> Flavor {
        try await write { s in
            let id = try Self.flavorDBID(flavorID, s)
            for (k, v) in specs.sorted(by: { $0.key < $1.key }) {
                try s.execute(
                    """
                    INSERT INTO flavor_extra_specs (flavor_id, "key", "value", created_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (flavor_id, "key") DO UPDATE SET "value" = excluded."value", updated_at = excluded.created_at
                    """, [.int(id), .text(k), .text(v), Self.now()])
            }
            return try Self.flavorRow("id = ?", .int(id), s, missing: flavorID)
        }
    }

    /// Removes one extra spec; `FlavorNotFound` (naming the key) when it is not set.
    public func deleteFlavorExtraSpec(flavorID: String, key: String) async throws {
        try await write { s in
            let id = try Self.flavorDBID(flavorID, s)
            guard
                try s.execute(
                    "DELETE FROM flavor_extra_specs WHERE flavor_id = ? AND \"key\" = ?",
                    [.int(id), .text(key)]) > 0
            else {
                throw FlavorNotFound(
                    message: "Flavor \(flavorID) has no extra specs with key \(key).",
                    fields: ["flavor_id": .string(flavorID), "extra_specs_key": .string(key)])
            }
        }
    }

    /// Gives `projectID` access to a private flavor (idempotent); returns the projects with access.
    @discardableResult
    public func addFlavorAccess(flavorID: String, projectID: String) async throws -> [String] {
        try await write { s in
            let id = try Self.flavorDBID(flavorID, s)
            try s.execute(
                "INSERT INTO flavor_projects (flavor_id, project_id, created_at) VALUES (?, ?, ?) "
                    + "ON CONFLICT (flavor_id, project_id) DO NOTHING", [.int(id), .text(projectID), Self.now()])
            return try Self.flavorProjects(id, s)
        }
    }

    /// Takes access away; returns the projects that still have it.
    @discardableResult
    public func removeFlavorAccess(flavorID: String, projectID: String) async throws -> [String] {
        try await write { s in
            let id = try Self.flavorDBID(flavorID, s)
            try s.execute(
                "DELETE FROM flavor_projects WHERE flavor_id = ? AND project_id = ?", [.int(id), .text(projectID)])
            return try Self.flavorProjects(id, s)
        }
    }

    /// Makes sure a flavor with this flavorid exists with these sizes (nova-manage `flavor ensure`):
    /// creates it when missing, leaves an identical one alone, and refuses one that differs.
    /// Returns the flavor and whether it was created.
    public func ensureFlavor(_ flavor: Flavor) async throws -> (Flavor, created: Bool) {
        try await write { s in
            guard let r = try s.first(Tables.flavors.select(where: "flavorid = ?"), [.text(flavor.flavorID)]) else {
                return (try Self.insertFlavor(flavor, s), true)
            }
            let existing = try Self.attachFlavorExtras([Tables.flavors.decode(r)], s)[0]
            let compared = [
                "name", "memory_mb", "vcpus", "root_gb", "ephemeral_gb", "swap", "rxtx_factor", "is_public",
            ]
            let differing = compared.filter { flavor.isSet($0) && Self.differs(flavor[$0], existing[$0]) }
            guard differing.isEmpty else {
                throw FlavorIdExists(
                    message: "Flavor with ID \(flavor.flavorID) already exists with different "
                        + "\(differing.joined(separator: ", "))",
                    fields: ["flavor_id": .string(flavor.flavorID)])
            }
            return (existing, false)
        }
    }

    /// Whether two field values differ (1 and 1.0 are the same number).
    static func differs(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        if let x = a?.doubleValue, let y = b?.doubleValue { return x != y }
        return (a ?? .null) != (b ?? .null)
    }

    static func flavorDBID(_ flavorID: String, _ s: DBSession) throws -> Int {
        guard let id = try s.scalarInt("SELECT id FROM flavors WHERE flavorid = ?", [.text(flavorID)]) else {
            throw FlavorNotFound(flavorID: flavorID)
        }
        return id
    }

    static func flavorProjects(_ id: Int, _ s: DBSession) throws -> [String] {
        try s.query("SELECT project_id FROM flavor_projects WHERE flavor_id = ? ORDER BY project_id", [.int(id)])
            .compactMap { $0.string("project_id") }
    }

    /// Fills extra_specs and projects with one query each.
    static func attachFlavorExtras(_ flavors: [Flavor], _ s: DBSession) throws -> [Flavor] {
        guard !flavors.isEmpty else { return [] }
        let ids = flavors.map { String($0.id) }
        var specs: [Int: [String: JSONValue]] = [:]
        var projects: [Int: [JSONValue]] = [:]
        for r in try inChunks(
            ids, s, { "SELECT flavor_id, \"key\", \"value\" FROM flavor_extra_specs WHERE flavor_id IN (\($0))" })
        {
            if let id = r.int("flavor_id"), let k = r.string("key") {
                specs[id, default: [:]][k] = .from(r.string("value"))
            }
        }
        for r in try inChunks(
            ids, s,
            { "SELECT flavor_id, project_id FROM flavor_projects WHERE flavor_id IN (\($0)) ORDER BY project_id" })
        {
            if let id = r.int("flavor_id"), let p = r.string("project_id") {
                projects[id, default: []].append(.string(p))
            }
        }
        return flavors.map { f in
            var f = f
            f.storage.values["extra_specs"] = .object(specs[f.id] ?? [:])
            f.storage.values["projects"] = .array(projects[f.id] ?? [])
            return f
        }
    }
}
