import Common

/// `/images`: the read-only image catalog, served as Nova's Glance proxy was (gone from 2.36: 404).
struct ImagesController: Sendable {
    let r: ComputeResources

    init(_ r: ComputeResources) { self.r = r }

    func register(on router: inout APIRouter) {
        router.add("GET", "/images", maxVersion: "2.35") { try await self.list($0, detail: false) }
        router.add("GET", "/images/detail", maxVersion: "2.35") { try await self.list($0, detail: true) }
        router.add("GET", "/images/{image_id}", maxVersion: "2.35") { try await self.show($0) }
    }

    func list(_ req: APIRequest, detail: Bool) async throws -> APIResponse {
        let page = try req.pagination()
        var q = CatalogImageQuery()
        q.name = req.query["name"]
        q.status = req.query["status"]
        q.changesSince = try RequestParsing.dateTime(req, "changes-since")
        q.minRam = req.query["minRam"].flatMap { Int($0) }
        q.minDisk = req.query["minDisk"].flatMap { Int($0) }
        q.limit = page.limit
        q.marker = page.marker
        var images = try await r.store.images(q)
        if let server = req.query["server"] { images = images.filter { $0.properties["instance_uuid"] == server } }
        let items = images.map { detail ? ImageViewBuilder.detail($0, req) : ImageViewBuilder.basic($0, req) }
        var out: [String: JSONValue] = ["images": .array(items)]
        let links = req.links.collectionLinks(
            detail ? "images/detail" : "images", itemCount: images.count, lastId: images.last?.id, query: req.query,
            maxLimit: req.maxLimit)
        if !links.isEmpty { out["images_links"] = .array(links) }
        return .ok(.object(out))
    }

    func show(_ req: APIRequest) async throws -> APIResponse {
        guard let image = try? await r.store.image(id: req.param("image_id")) else {
            throw APIError.notFound("Image not found.")
        }
        return .ok(["image": ImageViewBuilder.detail(image, req)])
    }
}
