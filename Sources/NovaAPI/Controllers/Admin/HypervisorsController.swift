import Common

/// `/os-hypervisors` (admin): list, detail, show, statistics; search and servers until 2.52, then the
/// `hypervisor_hostname_pattern` and `with_servers` query parameters.
struct HypervisorsController: Sendable {
    let r: ComputeResources
    static let rule = "os_compute_api:os-hypervisors:"

    init(_ r: ComputeResources) { self.r = r }

    func register(on router: inout APIRouter) {
        router.add("GET", "/os-hypervisors", policy: Self.rule + "list") { try await self.list($0, detail: false) }
        router.add("GET", "/os-hypervisors/detail", policy: Self.rule + "list-detail") {
            try await self.list($0, detail: true)
        }
        router.add("GET", "/os-hypervisors/statistics", maxVersion: "2.87", policy: Self.rule + "statistics") {
            try await self.statistics($0)
        }
        router.add("GET", "/os-hypervisors/{hypervisor_id}", policy: Self.rule + "show") { try await self.show($0) }
        router.add("GET", "/os-hypervisors/{pattern}/search", maxVersion: "2.52", policy: Self.rule + "search") {
            try await self.search($0, servers: false)
        }
        router.add("GET", "/os-hypervisors/{pattern}/servers", maxVersion: "2.52", policy: Self.rule + "servers") {
            try await self.search($0, servers: true)
        }
    }

    func builder(_ req: APIRequest) -> HypervisorViewBuilder { HypervisorViewBuilder(req: req, settings: r.settings) }

    /// Nodes with their compute service; nodes whose service is gone are skipped, as Nova does.
    func withServices(_ nodes: [ComputeNode]) async throws -> [(ComputeNode, Service)] {
        let services = try await r.store.services(host: nil, binary: "nova-compute")
        return nodes.compactMap { n in services.first { $0.host == n.host }.map { (n, $0) } }
    }

    func servers(on n: ComputeNode) async throws -> [Instance] {
        var q = InstanceQuery()
        q.projectID = nil
        q.host = n.host
        q.node = n.hypervisorHostname
        return try await r.store.instances(q)
    }

    static func query(_ v: Microversion) -> Schema {
        var props: [(String, Schema)] = []
        if v >= "2.33" { props += ParameterTypes.pagination }
        if v >= "2.53" {
            props.append(("hypervisor_hostname_pattern", .multi(ParameterTypes.hostname)))
            props.append(("with_servers", .multi(.booleanLike)))
        }
        return .object(props, additionalProperties: v < "2.53")
    }

    func list(_ req: APIRequest, detail: Bool) async throws -> APIResponse {
        let v = req.microversion
        try SchemaValidator.validateQuery(req.query, Self.query(v))
        var q = ComputeNodeQuery()
        let pattern = v >= "2.53" ? req.query["hypervisor_hostname_pattern"] : nil
        if pattern != nil {
            if req.query.contains("limit") || req.query.contains("marker") {
                throw APIError.badRequest(
                    "Paging over hypervisors with the hypervisor_hostname_pattern query parameter is not supported.")
            }
            q.hostnamePattern = pattern
        } else if v >= "2.33" {
            let page = try req.pagination()
            q.limit = page.limit
            q.marker = page.marker
        }
        let withServers = v >= "2.53" && RequestParsing.bool(req.query["with_servers"] ?? "false") == true
        let nodes: [ComputeNode]
        do { nodes = try await r.store.computeNodes(q) } catch let e as ComputeError where e.is("MarkerNotFound") {
            throw APIError.badRequest("marker [\(q.marker ?? "")] not found")
        }
        if let pattern, nodes.isEmpty { throw APIError.notFound("No hypervisor matching '\(pattern)' could be found.") }
        var items: [JSONValue] = []
        for (n, s) in try await withServices(nodes) {
            items.append(
                builder(req).view(n, service: s, detail: detail, servers: withServers ? try await servers(on: n) : nil))
        }
        var out: [String: JSONValue] = ["hypervisors": .array(items)]
        if v >= "2.33" && pattern == nil {
            let last = nodes.last.map { v >= "2.53" ? $0.uuid : "\($0.id)" }
            let links = req.links.collectionLinks(
                detail ? "os-hypervisors/detail" : "os-hypervisors", itemCount: nodes.count, lastId: last,
                query: req.query, maxLimit: req.maxLimit)
            if !links.isEmpty { out["hypervisors_links"] = .array(links) }
        }
        return .ok(.object(out))
    }

    func show(_ req: APIRequest) async throws -> APIResponse {
        let id = req.param("hypervisor_id")
        var withServers = false
        let node: ComputeNode
        if req.microversion >= "2.53" {
            try SchemaValidator.validateQuery(
                req.query, .object([("with_servers", .multi(.booleanLike))], additionalProperties: false))
            withServers = RequestParsing.bool(req.query["with_servers"] ?? "false") == true
            guard RequestParsing.isUUIDLike(id) else { throw APIError.badRequest("Invalid uuid \(id)") }
            node = try await r.store.computeNode(uuid: id)
        } else {
            guard let n = Int(id) else { throw ComputeError.hypervisorNotFound(id) }
            node = try await r.store.computeNode(id: n)
        }
        guard let (n, s) = try await withServices([node]).first else { throw ComputeError.hypervisorNotFound(id) }
        let servers = withServers ? try await servers(on: n) : nil
        return .ok(["hypervisor": builder(req).view(n, service: s, detail: true, servers: servers)])
    }

    func search(_ req: APIRequest, servers withServers: Bool) async throws -> APIResponse {
        let pattern = req.param("pattern")
        var q = ComputeNodeQuery()
        q.hostnamePattern = pattern
        let nodes = try await r.store.computeNodes(q)
        if nodes.isEmpty { throw APIError.notFound("No hypervisor matching '\(pattern)' could be found.") }
        var items: [JSONValue] = []
        for (n, s) in try await withServices(nodes) {
            items.append(
                builder(req).view(n, service: s, detail: false, servers: withServers ? try await servers(on: n) : nil))
        }
        return .ok(["hypervisors": .array(items)])
    }

    func statistics(_ req: APIRequest) async throws -> APIResponse {
        let nodes = try await withServices(try await r.store.computeNodes(ComputeNodeQuery())).map(\.0)
        func sum(_ f: (ComputeNode) -> Int?) -> JSONValue { .int(nodes.reduce(0) { $0 + (f($1) ?? 0) }) }
        return .ok([
            "hypervisor_statistics": [
                "count": .int(nodes.count), "vcpus": sum(\.vcpus), "memory_mb": sum(\.memoryMB),
                "local_gb": sum(\.localGB), "vcpus_used": sum(\.vcpusUsed), "memory_mb_used": sum(\.memoryMBUsed),
                "local_gb_used": sum(\.localGBUsed), "free_ram_mb": sum(\.freeRamMB), "free_disk_gb": sum(\.freeDiskGB),
                "current_workload": sum(\.currentWorkload), "running_vms": sum(\.runningVMs),
                "disk_available_least": sum(\.diskAvailableLeast),
            ]
        ])
    }
}
