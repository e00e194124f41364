import Common
import Foundation

/// nova-api's request pipeline, as one `HTTPHandler`: request id → fault wrapper → request log →
/// size limit → auth → routing → microversion → body → schema → policy → controller → JSON.
/// Version discovery (`/`, `/v2.1`) needs no auth, as in Nova's api-paste pipelines.
public struct APIPipeline: HTTPHandler {
    public let router: APIRouter
    public let authenticator: any Authenticator
    public let policy: PolicyEngine
    public let settings: APISettings
    public let logSink: any APILogSink
    /// Other applications served beside the compute API (`/identity`, `/image`), by path prefix.
    public let mounts: [(prefix: String, handler: any HTTPHandler)]

    public init(
        router: APIRouter, authenticator: any Authenticator = NoAuth2(),
        policy: PolicyEngine = PolicyEngine.make().engine, settings: APISettings = APISettings(),
        logSink: any APILogSink = ProcessLogSink(), mounts: [(prefix: String, handler: any HTTPHandler)] = []
    ) {
        self.router = router
        self.authenticator = authenticator
        self.policy = policy
        self.settings = settings
        self.logSink = logSink
        self.mounts = mounts
    }

    /// Where a path goes, as Nova's urlmap splits it.
    enum Destination {
        case root
        case choices
        case versionDocument(legacy: Bool)
        case api(segments: [String], legacy: Bool)
        case mount(any HTTPHandler)
    }

    /// What the outer layers learn from the inner ones, for the log line.
    final class Exchange {
        var microversion: Microversion?
        var context: RequestContext?
    }

    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let started = Date()
        let destination = route(request.path)
        if case .mount(let app) = destination { return await app.handle(request) }
        let requestId = RequestContext.newRequestId()
        let globalId = RequestIDs.globalRequestId(request.headers)
        let exchange = Exchange()
        var response: HTTPResponse
        do {
            response = try await serve(destination, request, requestId: requestId, globalId: globalId, exchange)
        } catch {
            // The fault wrapper: nothing escapes as anything but Nova's 500 body.
            let context = exchange.context ?? RequestContext(requestId: requestId, globalRequestId: globalId)
            logSink.log(
                .error, logger: "nova.api.openstack", "Caught error: \(String(reflecting: type(of: error))): \(error)",
                context: context)
            response = faultResponse(.unexpected(error), microversion: exchange.microversion)
        }
        let context = exchange.context ?? RequestContext(requestId: requestId, globalRequestId: globalId)
        logSink.log(
            .info, logger: RequestLog.loggerName,
            RequestLog.line(
                remoteAddress: request.remoteAddress, method: request.method, target: request.target,
                status: response.status, length: response.body.count, microversion: exchange.microversion,
                seconds: Date().timeIntervalSince(started)), context: context)
        if case .root = destination { return response }
        if case .choices = destination { return response }
        for name in RequestIDs.responseHeaders { response.headers.set(name, requestId) }
        return response
    }

    func route(_ path: String) -> Destination {
        for (prefix, app) in mounts where path == prefix || path.hasPrefix(prefix + "/") { return .mount(app) }
        if path == "/" || path.isEmpty { return .root }
        for (version, legacy) in [("/v2.1", false), ("/v2", true)] {
            if path == version || path == version + "/" { return .versionDocument(legacy: legacy) }
            if path.hasPrefix(version + "/") {
                guard let segments = PathTemplate.split(String(path.dropFirst(version.count))) else {
                    return .api(segments: ["//"], legacy: legacy)  // an empty segment never routes
                }
                return .api(segments: segments, legacy: legacy)
            }
        }
        return .choices
    }

    func serve(
        _ destination: Destination, _ request: HTTPRequest, requestId: String, globalId: String?,
        _ exchange: Exchange
    ) async throws -> HTTPResponse {
        switch destination {
        case .root:
            let links = LinkBuilder(request: request, linkPrefix: settings.linkPrefix)
            return jsonResponse(200, VersionDocuments.root(baseURL: links.baseURL, maximum: settings.maximumVersion))
        case .choices:
            let links = LinkBuilder(request: request, linkPrefix: settings.linkPrefix)
            return jsonResponse(
                300,
                VersionDocuments.choices(
                    baseURL: links.baseURL, path: request.path,
                    maximum: settings.maximumVersion))
        case .versionDocument(let legacy):
            return versionDocument(request, legacy: legacy, exchange)
        case .api(let segments, let legacy):
            return try await serveAPI(
                request, segments: segments, legacy: legacy, requestId: requestId,
                globalId: globalId, exchange)
        case .mount(let app):
            return await app.handle(request)
        }
    }

    func versionDocument(_ request: HTTPRequest, legacy: Bool, _ exchange: Exchange) -> HTTPResponse {
        let links = LinkBuilder(request: request, linkPrefix: settings.linkPrefix)
        if legacy {
            return jsonResponse(
                200,
                VersionDocuments.version(
                    "v2.0", baseURL: links.baseURL,
                    maximum: settings.maximumVersion))
        }
        switch negotiator.negotiate(request.headers) {
        case .failure(let refusal):
            exchange.microversion = refusal.echo
            return faultResponse(refusal.error, microversion: refusal.echo)
        case .success(let version):
            exchange.microversion = version
            var response = jsonResponse(
                200,
                VersionDocuments.version(
                    "v2.1", baseURL: links.baseURL,
                    maximum: settings.maximumVersion))
            addVersionHeaders(&response.headers, version)
            return response
        }
    }

    var negotiator: MicroversionNegotiator {
        MicroversionNegotiator(minimum: settings.minimumVersion, maximum: settings.maximumVersion)
    }

    // MARK: responses

    func jsonResponse(_ status: Int, _ body: JSONValue?, headers extra: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var headers = extra
        headers.set("Content-Type", "application/json")
        return HTTPResponse(status: status, headers: headers, body: body?.serializedBytes() ?? [])
    }

    /// Nova's `wsgi.Fault`: the fault body, its headers, and the version headers when one was negotiated.
    func faultResponse(_ error: APIError, microversion: Microversion?) -> HTTPResponse {
        var headers = HTTPHeaders()
        for h in error.headers { headers.add(h.name, h.value) }
        if let microversion { addVersionHeaders(&headers, microversion) }
        headers.set("Content-Type", "application/json; charset=UTF-8")
        return HTTPResponse(status: error.status, headers: headers, body: error.body.serializedBytes())
    }

    func addVersionHeaders(_ headers: inout HTTPHeaders, _ version: Microversion) {
        for (name, value) in MicroversionNegotiator.responseHeaders(version) {
            if name == "Vary" { headers.add(name, value) } else { headers.set(name, value) }
        }
    }
}
