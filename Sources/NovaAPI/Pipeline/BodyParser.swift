import Common

/// The request body as Nova's `wsgi.Resource` reads it: Content-Type checked first (415 for anything
/// but JSON; none or text/plain means JSON), then only POST and PUT bodies are parsed.
enum BodyParser {
    static let supportedTypes = ["application/json", "application/vnd.openstack.compute+json"]

    static func checkContentType(_ headers: HTTPHeaders) throws(APIError) {
        guard let raw = headers["Content-Type"] else { return }
        let type = raw.split(separator: ";").first.map { String($0).trimmingSpaces.lowercased() } ?? ""
        if type.isEmpty || type == "text/plain" || supportedTypes.contains(type) { return }
        throw APIError(status: 415, message: "Unsupported Content-Type")
    }

    static func hasBody(_ request: HTTPRequest) -> Bool {
        (request.method == "POST" || request.method == "PUT") && !request.body.isEmpty
    }

    /// The parsed body; nil for methods without one or an empty body.
    static func parse(_ request: HTTPRequest) throws(APIError) -> JSONValue? {
        guard hasBody(request) else { return nil }
        do { return try JSONValue.parse(request.body) } catch { throw .badRequest("Malformed request body") }
    }

    /// Nova's `action_peek`: the single key of an action body.
    static func actionName(_ body: JSONValue?) throws(APIError) -> String {
        guard let object = body?.objectValue, object.count == 1, let name = object.keys.first else {
            throw .badRequest("Malformed request body")
        }
        return name
    }
}
