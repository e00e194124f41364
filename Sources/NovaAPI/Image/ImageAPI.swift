import Common
import Foundation

/// The Glance v2 read subset nova-api serves at `/image`: version discovery, `GET /v2/images` (filters,
/// sorting, `limit`/`marker` paging with Glance's relative `next` link) and `GET /v2/images/{id}`,
/// over the same image catalog the compute API's `/images` proxy reads.
public struct ImageAPI: HTTPHandler {
    public let catalog: any ImageCatalog
    public let authenticator: any Authenticator
    public let publicEndpoint: PublicEndpoint
    public let prefix: String
    public let logSink: any APILogSink

    public init(
        catalog: any ImageCatalog, authenticator: any Authenticator,
        publicEndpoint: PublicEndpoint = PublicEndpoint(nil),
        prefix: String = "/image", logSink: any APILogSink = ProcessLogSink()
    ) {
        self.catalog = catalog
        self.authenticator = authenticator
        self.publicEndpoint = publicEndpoint
        self.prefix = prefix
        self.logSink = logSink
    }

    enum Failure: Error {
        case image(ImageError)
        case auth(HTTPResponse)
    }

    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let started = Date()
        let requestId = RequestContext.newRequestId()
        var response: HTTPResponse
        do {
            response = try await route(request, requestId: requestId)
        } catch {
            switch error {
            case .image(let e): response = e.response(accept: request.headers["Accept"])
            case .auth(let r): response = r
            }
        }
        response.headers.set("x-openstack-request-id", requestId)
        if request.method == "HEAD" { response.body = [] }
        logSink.log(
            .info, logger: "nova.api.image",
            "\(RequestLog.clientAddress(request.remoteAddress)) \"\(request.method) \(request.target)\" status: "
                + "\(response.status) len: \(response.body.count) time: "
                + String(format: "%.6f", Date().timeIntervalSince(started)), context: nil)
        return response
    }

    func route(_ request: HTTPRequest, requestId: String) async throws(Failure) -> HTTPResponse {
        let segments = request.path.dropFirst(prefix.count).split(separator: "/").map(String.init)
        let method = request.method == "HEAD" ? "GET" : request.method
        let base = publicEndpoint.baseURL(for: request) + prefix
        switch segments.count {
        case 0:
            try allow(method)
            return Self.json(300, ImageVersions.all(imageURL: base))
        case 1 where segments[0] == "versions":
            try allow(method)
            return Self.json(200, ImageVersions.all(imageURL: base))
        case 1 where segments[0] == "v2":
            try allow(method)
            return Self.json(300, ImageVersions.all(imageURL: base))
        case 2 where segments == ["v2", "images"]:
            try allow(method)
            let context = try await authenticate(request, requestId: requestId)
            return try await list(request, context)
        case 3 where segments[0] == "v2" && segments[1] == "images":
            try allow(method)
            let context = try await authenticate(request, requestId: requestId)
            return try await show(segments[2], context)
        default:
            throw .image(.notFound("The resource could not be found."))
        }
    }

    /// The image service is read-only: only GET (and HEAD) are served.
    func allow(_ method: String) throws(Failure) {
        guard method == "GET" else {
            throw .image(ImageError(status: 405, explanation: "The method is not allowed for this resource."))
        }
    }

    /// The caller's context from the same authenticator as the compute API; a 401 in
    /// keystonemiddleware's shape otherwise.
    func authenticate(_ request: HTTPRequest, requestId: String) async throws(Failure) -> RequestContext {
        do {
            return try await authenticator.authenticate(
                request, requestId: requestId, globalRequestId: RequestIDs.globalRequestId(request.headers))
        } catch {
            var e = KeystoneError(status: error.status, message: error.message)
            if let header = error.headers.first(where: { $0.name.lowercased() == "www-authenticate" }) {
                var r = e.response(requestId: nil)
                r.headers.set("WWW-Authenticate", header.value)
                throw .auth(r)
            }
            if error.status == 401 { e.message = KeystoneError.authenticationRequired }
            throw .auth(e.response(requestId: nil))
        }
    }

    func list(_ request: HTTPRequest, _ context: RequestContext) async throws(Failure) -> HTTPResponse {
        let params = QueryParameters(parsing: request.query)
        let query: GlanceImageQuery
        do { query = try GlanceImageQuery(params) } catch { throw .image(error) }
        let all: [Image]
        do { all = try await catalog.allImages() } catch { throw .image(Self.catalogFailure(error)) }
        let page: (images: [Image], nextMarker: String?)
        do { page = try query.page(all, context) } catch { throw .image(error) }
        let rest = QueryParameters(params.pairs.filter { $0.key != "marker" }.map { ($0.key, $0.value) })
        var body: [String: JSONValue] = [
            "images": .array(page.images.map(ImageView.json)), "schema": "/v2/schemas/images",
            "first": .string("/v2/images" + (rest.isEmpty ? "" : "?" + rest.encoded())),
        ]
        if let next = page.nextMarker {
            let withMarker = QueryParameters(rest.pairs.map { ($0.key, $0.value) } + [("marker", next)])
            body["next"] = .string("/v2/images?" + withMarker.encoded())
        }
        return Self.json(200, .object(body))
    }

    func show(_ id: String, _ context: RequestContext) async throws(Failure) -> HTTPResponse {
        let image: Image?
        do { image = try await catalog.image(id: id) } catch { throw .image(Self.catalogFailure(error)) }
        guard let image, !image.deleted, GlanceImageQuery.isVisible(image, to: context) else {
            throw .image(.notFound("No image found with ID \(id)"))
        }
        return Self.json(200, ImageView.json(image))
    }

    static func catalogFailure(_ error: any Error) -> ImageError {
        ImageError(status: 500, explanation: "The image catalog cannot be read: \(error)")
    }

    static func json(_ status: Int, _ body: JSONValue) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: HTTPHeaders([("Content-Type", "application/json")]), body: body.serializedBytes())
    }
}
