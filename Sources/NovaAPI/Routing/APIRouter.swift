/// Maps (method, path) to routes. Literal segments win over parameters (`/servers/detail` before
/// `/servers/{server_id}`), whatever the order of registration. A known path asked with an unknown
/// method is told apart from an unknown path, so the pipeline can answer 405 with `Allow`.
public struct APIRouter: Sendable {
    /// What is registered for one method on one path.
    public enum Endpoint: Sendable {
        /// Variants for disjoint microversion ranges.
        case routes([Route])
        /// An action path: handlers by body key.
        case actions(template: PathTemplate, [String: [ActionRoute]])
    }

    public enum Match: Sendable {
        case found(Endpoint, params: [String: String])
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    private struct Node: Sendable {
        var literals: [String: Node] = [:]
        var wildcard: [Node] = []  // zero or one child; an array gives the recursion its indirection
        var endpoints: [String: Endpoint] = [:]
    }

    private var root = Node()

    public init() {}

    public mutating func add(_ route: Route) {
        update(route.template) { endpoints in
            if case .routes(let existing)? = endpoints[route.method] {
                endpoints[route.method] = .routes(existing + [route])
            } else {
                endpoints[route.method] = .routes([route])
            }
        }
    }

    public mutating func add(
        _ method: String, _ path: String, minVersion: Microversion? = nil,
        maxVersion: Microversion? = nil, policy: String? = nil, body: Schema? = nil,
        query: Schema? = nil, handler: @escaping APIHandler
    ) {
        add(
            Route(
                method, path, minVersion: minVersion, maxVersion: maxVersion, policy: policy, body: body,
                query: query, handler: handler))
    }

    /// Registers an action on a `POST .../action` path.
    public mutating func addAction(_ path: String, _ action: ActionRoute) {
        let template = PathTemplate(path)
        update(template) { endpoints in
            var table: [String: [ActionRoute]] = [:]
            if case .actions(_, let existing)? = endpoints["POST"] { table = existing }
            table[action.name, default: []].append(action)
            endpoints["POST"] = .actions(template: template, table)
        }
    }

    private mutating func update(_ template: PathTemplate, _ change: (inout [String: Endpoint]) -> Void) {
        func walk(_ node: inout Node, _ rest: ArraySlice<PathTemplate.Segment>) {
            guard let first = rest.first else { return change(&node.endpoints) }
            switch first {
            case .literal(let s):
                var child = node.literals[s] ?? Node()
                walk(&child, rest.dropFirst())
                node.literals[s] = child
            case .parameter:
                var child = node.wildcard.first ?? Node()
                walk(&child, rest.dropFirst())
                node.wildcard = [child]
            }
        }
        walk(&root, template.segments[...])
    }

    /// Matches decoded path segments. `HEAD` falls back to `GET`.
    public func match(method: String, segments: [String]) -> Match {
        var leaves: [(Node, [String])] = []
        collect(root, segments[...], captured: [], into: &leaves)
        let m = method.uppercased()
        for (leaf, values) in leaves {
            guard let endpoint = leaf.endpoints[m] ?? (m == "HEAD" ? leaf.endpoints["GET"] : nil) else { continue }
            return .found(endpoint, params: Self.bind(endpoint, values))
        }
        let allowed = Set(leaves.flatMap { $0.0.endpoints.keys })
        if allowed.isEmpty { return .notFound }
        return .methodNotAllowed(allowed: allowed.sorted())
    }

    /// True when some route has this exact path shape (any method).
    public func hasPath(_ segments: [String]) -> Bool {
        if case .notFound = match(method: "", segments: segments) { return false }
        return true
    }

    private func collect(
        _ node: Node, _ rest: ArraySlice<String>, captured: [String],
        into leaves: inout [(Node, [String])]
    ) {
        guard let first = rest.first else {
            if !node.endpoints.isEmpty { leaves.append((node, captured)) }
            return
        }
        if let child = node.literals[first] { collect(child, rest.dropFirst(), captured: captured, into: &leaves) }
        if let child = node.wildcard.first {
            collect(child, rest.dropFirst(), captured: captured + [first], into: &leaves)
        }
    }

    private static func bind(_ endpoint: Endpoint, _ values: [String]) -> [String: String] {
        let names: [String]
        switch endpoint {
        case .routes(let routes): names = routes.first?.template.parameterNames ?? []
        case .actions(let template, _): names = template.parameterNames
        }
        var params: [String: String] = [:]
        for (name, value) in zip(names, values) { params[name] = value }
        return params
    }
}
