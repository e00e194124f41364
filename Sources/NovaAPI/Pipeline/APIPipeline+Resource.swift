import Common

/// The routed part of the pipeline (Nova's auth middleware, router and `wsgi.Resource`).
extension APIPipeline {
    func serveAPI(
        _ request: HTTPRequest, segments: [String], legacy: Bool, requestId: String, globalId: String?,
        _ exchange: Exchange
    ) async throws -> HTTPResponse {
        if request.body.count > settings.maxRequestBodySize {
            return PlainErrorResponse.render(
                status: 413,
                explanation: "Request is too large. Larger than "
                    + "max_request_body_size (\(settings.maxRequestBodySize)).", accept: request.headers["Accept"])
        }
        let context: RequestContext
        do {
            context = try await authenticator.authenticate(request, requestId: requestId, globalRequestId: globalId)
        } catch {
            return faultResponse(error, microversion: nil)
        }
        exchange.context = context
        return try await RequestContext.$current.withValue(context) {
            try await dispatch(request, segments: segments, legacy: legacy, context: context, exchange)
        }
    }

    /// Routes with and without the project id: `/servers` and `/{project_id}/servers`.
    func match(_ method: String, _ segments: [String]) -> (APIRouter.Match, projectId: String?) {
        let plain = router.match(method: method, segments: segments)
        if case .notFound = plain, let first = segments.first, settings.isProjectId(first) {
            let prefixed = router.match(method: method, segments: Array(segments.dropFirst()))
            if case .notFound = prefixed { return (plain, nil) }
            return (prefixed, first)
        }
        return (plain, nil)
    }

    func dispatch(
        _ request: HTTPRequest, segments: [String], legacy: Bool, context: RequestContext,
        _ exchange: Exchange
    ) async throws -> HTTPResponse {
        let (found, projectId) = match(request.method, segments)
        let endpoint: APIRouter.Endpoint
        let params: [String: String]
        switch found {
        case .notFound:
            return PlainErrorResponse.render(
                status: 404, explanation: "The resource could not be found.",
                accept: request.headers["Accept"])
        case .methodNotAllowed(let allowed):
            return faultResponse(
                APIError(
                    status: 405,
                    message: "The method \(request.method) is not allowed for "
                        + "this resource.", headers: [.init("Allow", allowed.joined(separator: ", "))]),
                microversion: nil)
        case .found(let e, let p):
            endpoint = e
            params = p
        }
        let version: Microversion
        if legacy {
            version = MicroversionNegotiator.defaultVersion
        } else {
            switch negotiator.negotiate(request.headers) {
            case .failure(let refusal):
                exchange.microversion = refusal.echo
                return faultResponse(refusal.error, microversion: refusal.echo)
            case .success(let v): version = v
            }
        }
        exchange.microversion = version
        let headerVersion = legacy ? nil : version
        do {
            var response = try await invoke(
                endpoint, params: params, request, context: context, version: version,
                projectId: projectId, legacy: legacy)
            if let headerVersion { addVersionHeaders(&response.headers, headerVersion) }
            return response
        } catch {
            if let apiError = FaultMap.apiError(for: error) {
                return faultResponse(apiError, microversion: headerVersion)
            }
            logSink.log(
                .error, logger: "nova.api.openstack.wsgi",
                "Unexpected exception in API method: "
                    + "\(String(reflecting: type(of: error))): \(error)", context: context)
            return faultResponse(.unexpected(error), microversion: headerVersion)
        }
    }

    /// What one endpoint needs checked before its handler runs.
    struct Selected {
        let handler: APIHandler
        let policy: String?
        let bodySchema: Schema?
        let querySchema: Schema?
        let body: JSONValue?
    }

    func select(_ endpoint: APIRouter.Endpoint, _ request: HTTPRequest, _ version: Microversion) throws
        -> Selected
    {
        switch endpoint {
        case .routes(let routes):
            let body = try BodyParser.parse(request)
            guard let route = routes.first(where: { $0.serves(version) }) else { throw APIError.notFound() }
            return Selected(
                handler: route.handler, policy: route.policy, bodySchema: route.bodySchema,
                querySchema: route.querySchema, body: body)
        case .actions(_, let table):
            let body = try BodyParser.parse(request)
            let name = try BodyParser.actionName(body)
            guard let variants = table[name] else { throw APIError.badRequest("There is no such action: \(name)") }
            guard let action = variants.first(where: { $0.serves(version) }) else { throw APIError.notFound() }
            return Selected(
                handler: action.handler, policy: action.policy, bodySchema: action.bodySchema,
                querySchema: nil, body: body)
        }
    }

    func invoke(
        _ endpoint: APIRouter.Endpoint, params: [String: String], _ request: HTTPRequest,
        context: RequestContext, version: Microversion, projectId: String?, legacy: Bool
    ) async throws
        -> HTTPResponse
    {
        try BodyParser.checkContentType(request.headers)
        let selected = try select(endpoint, request, version)
        if let projectId, projectId != context.projectId {
            throw APIError.badRequest(
                "Malformed request URL: URL's project_id '\(projectId)' doesn't match "
                    + "Context's project_id '\(context.projectId ?? "None")'")
        }
        let query = QueryParameters(parsing: request.query)
        if let schema = selected.querySchema { try SchemaValidator.validateQuery(query, schema) }
        if let schema = selected.bodySchema { try SchemaValidator.validateBody(selected.body ?? .null, schema) }
        if let rule = selected.policy {
            try policy.enforce(rule, context: context, target: PolicyEngine.defaultTarget(context))
        }
        let links = LinkBuilder(
            request: request, linkPrefix: settings.linkPrefix, versionPath: legacy ? "v2" : "v2.1",
            projectIdInPath: projectId)
        let apiRequest = APIRequest(
            http: request, context: context, microversion: version, pathParams: params,
            query: query, body: selected.body, projectIdInPath: projectId, links: links,
            maxLimit: settings.maxLimit, policy: policy)
        let result = try await selected.handler(apiRequest)
        return jsonResponse(result.status, result.body, headers: result.headers)
    }
}
