import Common
import Foundation

/// `/os-aggregates` (admin): host aggregates; the `availability_zone` metadata key makes one a zone, and
/// a host may not sit in two zones (nova/api/openstack/compute/aggregates.py and compute's AggregateAPI).
struct AggregatesController: Sendable {
    let r: ComputeResources
    static let rule = "os_compute_api:os-aggregates:"

    init(_ r: ComputeResources) { self.r = r }

    func register(on router: inout APIRouter) {
        let name = ParameterTypes.name
        let create = Schema.wrapper(
            "aggregate", .object([("name", name), ("availability_zone", name.nullable())], required: ["name"]))
        var updateInner = Schema.object([("name", name), ("availability_zone", name.nullable())])
        updateInner.minProperties = 1
        router.add("GET", "/os-aggregates", policy: Self.rule + "index") { try await self.index($0) }
        router.add("POST", "/os-aggregates", policy: Self.rule + "create", body: create) { try await self.create($0) }
        router.add("GET", "/os-aggregates/{id}", policy: Self.rule + "show") { try await self.show($0) }
        router.add("PUT", "/os-aggregates/{id}", policy: Self.rule + "update", body: .wrapper("aggregate", updateInner))
        {
            try await self.update($0)
        }
        router.add("DELETE", "/os-aggregates/{id}", policy: Self.rule + "delete") { try await self.delete($0) }
        let host = Schema.object([("host", ParameterTypes.hostname)], required: ["host"])
        let path = "/os-aggregates/{id}/action"
        router.addAction(
            path,
            ActionRoute("add_host", policy: Self.rule + "add_host", body: .wrapper("add_host", host)) {
                try await self.addHost($0)
            })
        router.addAction(
            path,
            ActionRoute("remove_host", policy: Self.rule + "remove_host", body: .wrapper("remove_host", host)) {
                try await self.removeHost($0)
            })
        let metadata = Schema.map(
            pattern: "^[a-zA-Z0-9-_:. ]{1,255}$", values: Schema.string(maxLength: 255).nullable())
        router.addAction(
            path,
            ActionRoute(
                "set_metadata", policy: Self.rule + "set_metadata",
                body: .wrapper("set_metadata", .object([("metadata", metadata)], required: ["metadata"]))
            ) {
                try await self.setMetadata($0)
            })
    }

    static func view(_ a: Aggregate, _ req: APIRequest, full: Bool = true) -> JSONValue {
        func time(_ d: Date?) -> JSONValue { .from(d.map { NovaTime.format($0, .isoMicroseconds) }) }
        var o: [String: JSONValue] = [
            "id": .int(a.id), "name": .string(a.name), "availability_zone": .from(a.availabilityZone),
            "created_at": time(a.createdAt), "updated_at": time(a.updatedAt), "deleted_at": time(a.deletedAt),
            "deleted": .bool(a.deleted),
        ]
        if full {
            o["hosts"] = .array((a.hosts ?? []).map { .string($0) })
            o["metadata"] = .object((a.metadata ?? [:]).mapValues { .string($0) })
        }
        if req.microversion >= "2.41" { o["uuid"] = .string(a.uuid) }
        return .object(o)
    }

    func aggregateID(_ req: APIRequest) throws -> Int {
        let text = req.param("id")
        guard let id = Int(text) else { throw APIError.badRequest("Invalid input received: id must be an integer") }
        return id
    }

    func index(_ req: APIRequest) async throws -> APIResponse {
        .ok(["aggregates": .array(try await r.store.aggregates().map { Self.view($0, req) })])
    }

    func show(_ req: APIRequest) async throws -> APIResponse {
        .ok(["aggregate": Self.view(try await r.store.aggregate(id: try aggregateID(req)), req)])
    }

    func create(_ req: APIRequest) async throws -> APIResponse {
        let b = RequestParsing.object(req.body, "aggregate")
        let name = (b["name"]?.stringValue ?? "").trimmingSpaces
        var metadata: [String: String] = [:]
        if let az = b["availability_zone"]?.stringValue?.trimmingSpaces, !az.isEmpty {
            metadata["availability_zone"] = az
        }
        let a = try await r.store.createAggregate(name: name, metadata: metadata)
        return .ok(["aggregate": Self.view(a, req, full: false)])
    }

    /// Nova's `is_safe_to_update_az`: a named zone, no host of the aggregate in another zone, and (when
    /// renaming the zone) no server on its hosts.
    func checkZoneChange(
        _ az: String??, _ a: Aggregate, hosts: [String]? = nil, verb: String, status: Int = 400,
        checkInstances: Bool = false
    ) async throws {
        guard let requested = az else { return }
        guard let zone = requested, !zone.isEmpty else {
            throw ComputeError.invalidAggregateAction(
                verb, a.id, reason: "Aggregate \(a.name) does not support empty named availability zone", status: status
            )
        }
        let hosts = hosts ?? a.hosts ?? []
        let conflicting = try await r.store.aggregates().filter { other in
            other.id != a.id && other.availabilityZone != nil && other.availabilityZone != zone
                && !(other.hosts ?? []).filter(hosts.contains).isEmpty
        }.compactMap(\.availabilityZone)
        if !conflicting.isEmpty {
            let list = "[" + conflicting.map { "'\($0)'" }.joined(separator: ", ") + "]"
            throw ComputeError.invalidAggregateAction(
                verb, a.id, reason: "One or more hosts already in availability zone(s) \(list)", status: status)
        }
        if checkInstances && a.availabilityZone != zone {
            for host in hosts {
                var q = InstanceQuery()
                q.projectID = nil
                q.host = host
                if !(try await r.store.instances(q)).isEmpty {
                    throw ComputeError.invalidAggregateAction(
                        verb, a.id, reason: "One or more hosts contain instances in this zone", status: status)
                }
            }
        }
    }

    func update(_ req: APIRequest) async throws -> APIResponse {
        let id = try aggregateID(req)
        let b = RequestParsing.object(req.body, "aggregate")
        let a = try await r.store.aggregate(id: id)
        var az: String?? = nil
        if let value = b["availability_zone"] { az = .some(value.stringValue?.trimmingSpaces) }
        try await checkZoneChange(az, a, verb: "update", checkInstances: true)
        var metadata: [String: String?] = [:]
        if let zone = az { metadata["availability_zone"] = zone }
        let saved = try await r.store.updateAggregate(
            id: id, name: b["name"]?.stringValue?.trimmingSpaces, metadata: metadata)
        return .ok(["aggregate": Self.view(saved, req)])
    }

    func delete(_ req: APIRequest) async throws -> APIResponse {
        let id = try aggregateID(req)
        let a = try await r.store.aggregate(id: id)
        if !(a.hosts ?? []).isEmpty {
            throw ComputeError.invalidAggregateAction("remove host from", id, reason: "Host aggregate is not empty")
        }
        try await r.store.deleteAggregate(id: id)
        return APIResponse(status: 200)
    }

    func addHost(_ req: APIRequest) async throws -> APIResponse {
        let id = try aggregateID(req)
        let host = req.body?["add_host"]?["host"]?.stringValue ?? ""
        let a = try await r.store.aggregate(id: id)
        if try await r.store.services(host: host, binary: "nova-compute").isEmpty {
            throw ComputeError.computeHostNotFound(host)
        }
        if let zone = a.availabilityZone {
            try await checkZoneChange(.some(zone), a, hosts: [host], verb: "add host to", status: 409)
        }
        return .ok(["aggregate": Self.view(try await r.store.addAggregateHost(id: id, host: host), req)])
    }

    func removeHost(_ req: APIRequest) async throws -> APIResponse {
        let id = try aggregateID(req)
        let host = req.body?["remove_host"]?["host"]?.stringValue ?? ""
        do {
            if try await r.store.services(host: host, binary: "nova-compute").isEmpty {
                throw ComputeError.computeHostNotFound(host)
            }
            return .ok(["aggregate": Self.view(try await r.store.removeAggregateHost(id: id, host: host), req)])
        } catch let e as ComputeError where e.status == 404 {
            throw APIError.notFound("Cannot remove host \(host) in aggregate \(id)")
        }
    }

    func setMetadata(_ req: APIRequest) async throws -> APIResponse {
        let id = try aggregateID(req)
        let given = req.body?["set_metadata"]?["metadata"]?.objectValue ?? [:]
        let a = try await r.store.aggregate(id: id)
        var az: String?? = nil
        if let value = given["availability_zone"] { az = .some(value.stringValue) }
        try await checkZoneChange(az, a, verb: "update metadata of", checkInstances: true)
        let changes = given.mapValues { $0.stringValue }
        return .ok([
            "aggregate": Self.view(try await r.store.updateAggregate(id: id, name: nil, metadata: changes), req)
        ])
    }
}
