import Common
import Foundation

/// `GET /os-migrations` (admin): `migration_type` and links from 2.23, paging, `uuid` and
/// `changes-since` from 2.59, `changes-before` from 2.66, `user_id`/`project_id` from 2.80.
struct MigrationsController: Sendable {
    let r: ComputeResources
    static let liveInProgress: Set<String> = ["queued", "preparing", "running", "post-migrating"]

    init(_ r: ComputeResources) { self.r = r }

    func register(on router: inout APIRouter) {
        router.add("GET", "/os-migrations", policy: "os_compute_api:os-migrations:index") { try await self.index($0) }
    }

    static func query(_ v: Microversion) -> Schema {
        var props: [(String, Schema)] = [
            "hidden", "host", "instance_uuid", "source_compute", "status", "migration_type",
        ]
        .map { ($0, ParameterTypes.queryParam) }
        if v >= "2.59" { props += ParameterTypes.pagination + [("changes-since", .multi(.string()))] }
        if v >= "2.66" { props.append(("changes-before", .multi(.string()))) }
        if v >= "2.80" { props += [("user_id", ParameterTypes.queryParam), ("project_id", ParameterTypes.queryParam)] }
        return .object(props, additionalProperties: v < "2.59")
    }

    func index(_ req: APIRequest) async throws -> APIResponse {
        let v = req.microversion
        try SchemaValidator.validateQuery(req.query, Self.query(v))
        var q = MigrationQuery()
        q.host = req.query["host"]
        q.status = req.query["status"]
        q.instanceUUID = req.query["instance_uuid"]
        q.sourceCompute = req.query["source_compute"]
        q.migrationType = req.query["migration_type"]
        if v >= "2.59" {
            let page = try req.pagination()
            q.limit = page.limit
            q.marker = page.marker
            q.changesSince = try RequestParsing.dateTime(req, "changes-since")
        }
        if v >= "2.66" { q.changesBefore = try RequestParsing.dateTime(req, "changes-before") }
        if v >= "2.80" {
            q.userID = req.query["user_id"]
            q.projectID = req.query["project_id"]
        }
        let migrations: [Migration]
        do { migrations = try await r.store.migrations(q) } catch let e as ComputeError where e.is("MarkerNotFound") {
            throw APIError.badRequest("Marker \(q.marker ?? "") could not be found.")
        }
        var out: [String: JSONValue] = ["migrations": .array(migrations.map { view($0, req) })]
        if v >= "2.59" {
            let links = req.links.collectionLinks(
                "os-migrations", itemCount: migrations.count, lastId: migrations.last?.uuid, query: req.query,
                maxLimit: req.maxLimit)
            if !links.isEmpty { out["migrations_links"] = .array(links) }
        }
        return .ok(.object(out))
    }

    func view(_ m: Migration, _ req: APIRequest) -> JSONValue {
        func time(_ d: Date?) -> JSONValue { .from(d.map { NovaTime.format($0, .isoMicroseconds) }) }
        var o: [String: JSONValue] = [
            "id": .int(m.id), "created_at": time(m.createdAt), "updated_at": time(m.updatedAt),
            "dest_compute": .from(m.destCompute), "dest_host": .from(m.destHost), "dest_node": .from(m.destNode),
            "source_compute": .from(m.sourceCompute), "source_node": .from(m.sourceNode),
            "instance_uuid": .from(m.instanceUUID), "new_instance_type_id": .from(m.newInstanceTypeID),
            "old_instance_type_id": .from(m.oldInstanceTypeID), "status": .from(m.status),
        ]
        let v = req.microversion
        if v >= "2.23" {
            o["migration_type"] = .from(m.migrationType?.rawValue)
            if m.isLiveMigration, Self.liveInProgress.contains(m.status ?? ""), let instance = m.instanceUUID {
                o["links"] = req.links.links("servers/\(instance)/migrations", "\(m.id)")
            }
        }
        if v >= "2.59" { o["uuid"] = .string(m.uuid) }
        if v >= "2.80" {
            o["user_id"] = .from(m.userID)
            o["project_id"] = .from(m.projectID)
        }
        return .object(o)
    }
}
