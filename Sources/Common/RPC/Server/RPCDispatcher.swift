/// Picks the endpoint method for a request as oslo.messaging's dispatcher does: among endpoints of the
/// message's namespace and a compatible version, the first having the method; none compatible →
/// `UnsupportedVersion`, compatible but no such method → `NoSuchMethod`.
struct RPCDispatcher: Sendable {
    struct Entry: Sendable {
        let version: RPCVersion
        let namespace: String?
        let methods: [String: RPCMethod]
    }

    let entries: [Entry]

    init(endpoints: [any RPCEndpoint]) {
        entries = endpoints.map { Entry(version: $0.version, namespace: $0.namespace, methods: $0.methods) }
    }

    func method(for req: RPCRequest) throws -> RPCMethod {
        guard let requested = RPCVersion(req.version) else {
            throw UnsupportedVersion(version: req.version, method: req.method)
        }
        var foundCompatible = false
        for e in entries where e.namespace == req.namespace && e.version.canServe(requested) {
            if let m = e.methods[req.method] { return m }
            foundCompatible = true
        }
        if foundCompatible { throw NoSuchMethod(method: req.method) }
        throw UnsupportedVersion(version: req.version, method: req.method)
    }
}
