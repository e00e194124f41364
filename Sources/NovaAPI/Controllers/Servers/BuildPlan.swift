import Common
import Foundation

/// Everything a create request resolves to before anything is written: flavor, image, key pair, zone,
/// group, networks, counts, and the servers and request specs to store.
struct BuildPlan {
    let req: APIRequest
    let server: [String: JSONValue]
    var flavor = Flavor()
    var image: Image?
    var keypair: KeyPair?
    var availabilityZone: String?
    var forcedHost: String?
    var forcedNode: String?
    var group: InstanceGroup?
    var groupMemberLimit = -1
    var hints: [String: [String]] = [:]
    var minCount = 1
    var maxCount = 1
    var limits = QuotaLimits([:])
    var requestedNetworks: JSONValue = .null
    var tags: [String] = []
    var adminPass = ""
    let reservationID = Generated.reservationID()

    static func make(_ req: APIRequest, server: [String: JSONValue], r: ComputeResources) async throws -> BuildPlan {
        var p = BuildPlan(req: req, server: server)
        try p.readCounts()
        try p.readNetworks()
        try await p.resolveFlavor(r)
        try await p.resolveImage(r)
        try await p.resolveKeypair(r)
        try await p.resolveZone(r)
        try await p.resolveHints(r)
        let metadata = server["metadata"]?.objectValue ?? [:]
        try await r.checkMetadataQuota(metadata.count, projectID: req.context.projectId ?? "")
        p.limits = try await r.quotaLimits(projectID: req.context.projectId ?? "", userID: req.context.userId)
        p.tags = server["tags"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if let certs = server["trusted_image_certificates"]?.arrayValue, !certs.isEmpty {
            // No virt driver here can verify image signatures: refuse now rather than fail the build later.
            try req.authorize("os_compute_api:servers:create:trusted_certs")
            throw APIError.badRequest(
                "Trusted image certificates provided on host that does not support certificate validation.")
        }
        p.adminPass = server["adminPass"]?.stringValue ?? Generated.password()
        return p
    }

    mutating func readCounts() throws {
        minCount = RequestParsing.count(server["min_count"]) ?? 1
        maxCount = RequestParsing.count(server["max_count"]) ?? minCount
        if minCount > maxCount { throw APIError.badRequest("min_count must be <= max_count") }
    }

    /// The most servers one request builds, whatever its max_count: one more than quota could ever allow
    /// would be refused anyway, and with unlimited quota a request of a billion servers must not be
    /// materialised in memory (it used to be, before the quota check, until the worker ran out of memory).
    static let maxServersPerRequest = 1000

    /// How many servers the project's limits could ever allow in one request, at most `cap`.
    func quotaBound(cap: Int) -> Int {
        var n = cap
        if limits["instances"] >= 0 { n = min(n, limits["instances"]) }
        if flavor.vcpus > 0, limits["cores"] >= 0 { n = min(n, limits["cores"] / flavor.vcpus) }
        if flavor.memoryMB > 0, limits["ram"] >= 0 { n = min(n, limits["ram"] / flavor.memoryMB) }
        return max(n, 0)
    }

    /// `none`/`auto` (2.37) or a list. Without Neutron no network or port can be found, so a list naming
    /// one is refused as Nova refuses an unknown network.
    mutating func readNetworks() throws {
        switch server["networks"] {
        case .string(let s)?:
            requestedNetworks = [["network_id": .string(s)]]
        case .array(let items)?:
            if !items.isEmpty { try req.authorize("os_compute_api:servers:create:attach_network") }
            for item in items {
                if let port = item["port"]?.stringValue {
                    throw ComputeError("PortNotFound", status: 400, "Port id \(port) could not be found.")
                }
                if let net = item["uuid"]?.stringValue {
                    throw ComputeError("NetworkNotFound", status: 400, "Network \(net) could not be found.")
                }
            }
            requestedNetworks = []
        default:
            requestedNetworks = .null
        }
    }

    mutating func resolveFlavor(_ r: ComputeResources) async throws {
        let ref: String
        switch server["flavorRef"] {
        case .int(let i)?: ref = String(i)
        case .string(let s)?: ref = RequestParsing.lastSegment(s)
        default: ref = ""
        }
        guard let f = try? await r.store.flavor(flavorID: ref), !f.disabled,
            f.isPublic || req.context.isAdmin || f.projects.contains(req.context.projectId ?? "")
        else { throw APIError.badRequest("Invalid flavorRef provided.") }
        flavor = f
        if f.rootGB == 0 && !req.isAllowed("os_compute_api:servers:create:zero_disk_flavor") {
            throw APIError.forbidden("Only volume-backed servers are allowed for flavors with zero disk.")
        }
    }

    mutating func resolveImage(_ r: ComputeResources) async throws {
        guard let ref = server["imageRef"]?.stringValue, !ref.isEmpty else {
            throw APIError.badRequest(
                "Block Device Mapping is Invalid: Boot sequence for the instance and image/block device "
                    + "mapping combination is not valid.")
        }
        let id = RequestParsing.lastSegment(ref)
        guard RequestParsing.isUUIDLike(id) else { throw APIError.badRequest("Invalid imageRef provided.") }
        guard let img = try? await r.store.image(id: id) else {
            throw APIError.badRequest("Can not find requested image")
        }
        guard img.status.lowercased() == "active" else { throw APIError.badRequest("Image \(img.id) is not active.") }
        if img.minRam > flavor.memoryMB {
            throw APIError.badRequest("Flavor's memory is too small for requested image.")
        }
        let diskBytes = flavor.rootGB * 1024 * 1024 * 1024
        if flavor.rootGB > 0 {
            if let size = img.size, size > diskBytes {
                throw APIError.badRequest(
                    "Flavor's disk is too small for requested image. Flavor disk is \(diskBytes) bytes, image is "
                        + "\(size) bytes.")
            }
            if img.minDisk > flavor.rootGB {
                throw APIError.badRequest(
                    "Flavor's disk is smaller than the minimum size specified in image metadata. Flavor disk is "
                        + "\(diskBytes) bytes, minimum size is \(img.minDisk * 1024 * 1024 * 1024) bytes.")
            }
        }
        image = img
    }

    mutating func resolveKeypair(_ r: ComputeResources) async throws {
        guard let name = server["key_name"]?.stringValue else { return }
        guard let k = try? await r.store.keypair(userID: req.context.userId ?? "", name: name) else {
            throw APIError.badRequest("Invalid key_name provided.")
        }
        keypair = k
    }

    /// `az`, `az:host` or `az:host:node` (forcing a host is for admins); 2.74 `host`/`hypervisor_hostname`.
    mutating func resolveZone(_ r: ComputeResources) async throws {
        if let text = server["availability_zone"]?.stringValue {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            if parts.count > 1 {
                try req.authorize("os_compute_api:servers:create:forced_host")
                forcedHost = parts[1].isEmpty ? nil : parts[1]
                forcedNode = parts.count > 2 && !parts[2].isEmpty ? parts[2] : nil
            }
            if !parts[0].isEmpty { availabilityZone = parts[0] }
        } else {
            availabilityZone = r.settings.defaultScheduleZone
        }
        if let az = availabilityZone {
            let zones = try await ZoneMap.load(r)
            let computes = try await r.store.services(host: nil, binary: "nova-compute").filter { !$0.disabled }
            if !computes.contains(where: { zones.zone(of: $0) == az }) {
                throw APIError.badRequest("The requested availability zone is not available")
            }
        }
        try await resolveRequestedDestination(r)
    }

    /// 2.74 `host` / `hypervisor_hostname` (admin): they must name a compute host or node, and exclude the
    /// `zone:host:node` form.
    func resolveRequestedDestination(_ r: ComputeResources) async throws {
        let host = server["host"]?.stringValue
        let node = server["hypervisor_hostname"]?.stringValue
        guard host != nil || node != nil else { return }
        try req.authorize("compute:servers:create:requested_destination")
        if forcedHost != nil || forcedNode != nil {
            throw APIError.badRequest(
                "One mechanism with host and/or hypervisor_hostname and another mechanism with zone:host:node are "
                    + "mutually exclusive.")
        }
        if let node {
            var q = ComputeNodeQuery()
            q.hostnamePattern = node
            let nodes = try await r.store.computeNodes(q).filter {
                $0.hypervisorHostname == node && (host == nil || $0.host == host)
            }
            if nodes.isEmpty { throw ComputeError.computeHostNotFound(node).asBadRequest }
        } else if let host, try await r.store.services(host: host, binary: "nova-compute").isEmpty {
            throw ComputeError.computeHostNotFound(host).asBadRequest
        }
    }

    mutating func resolveHints(_ r: ComputeResources) async throws {
        let given =
            req.body?["os:scheduler_hints"]?.objectValue ?? req.body?["OS-SCH-HNT:scheduler_hints"]?.objectValue ?? [:]
        for (k, val) in given {
            switch val {
            case .array(let a): hints[k] = a.map { $0.stringValue ?? $0.serialized() }
            case .string(let s): hints[k] = [s]
            default: hints[k] = [val.serialized()]
            }
        }
        guard let uuid = given["group"]?.stringValue else { return }
        guard let g = try? await r.store.serverGroup(uuid: uuid) else {
            throw ComputeError.instanceGroupNotFound(uuid).asBadRequest
        }
        group = g
        groupMemberLimit = try await r.quotaLimits(projectID: req.context.projectId ?? "")["server_group_members"]
    }
}

extension ComputeError {
    /// The same error answered 400, as Nova's create answers lookups that fail.
    var asBadRequest: ComputeError { ComputeError(novaClassName, status: 400, novaMessage) }
}
