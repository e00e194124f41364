import Common
import Foundation

/// Renders servers as Nova's `views/servers.py` does, microversion by microversion: the short form of
/// `GET /servers`, the full form of show/detail/update, and the answer to a create.
struct ServerViewBuilder {
    let req: APIRequest
    let zones: ZoneMap
    /// nova-compute services by host, for `host_status` (2.16).
    let computeServices: [String: Service]
    /// Tags by server uuid (2.26).
    let tags: [String: [String]]
    let settings: ComputeSettings

    static let progressStatuses: Set<String> = ["ACTIVE", "BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE", "MIGRATING"]
    static let faultStatuses: Set<String> = ["ERROR", "DELETED"]
    static let coreOmitted = [
        "OS-EXT-AZ:availability_zone", "config_drive", "key_name", "OS-SRV-USG:launched_at",
        "OS-SRV-USG:terminated_at", "OS-EXT-STS:task_state", "OS-EXT-STS:vm_state", "OS-EXT-STS:power_state",
        "os-extended-volumes:volumes_attached",
    ]
    /// Image properties Nova keeps beside the image's own fields in system metadata.
    static let imageBaseKeys: Set<String> = [
        "min_ram", "min_disk", "disk_format", "container_format", "base_image_ref",
    ]

    /// Loads what the detail view needs beyond the servers themselves.
    static func make(_ r: ComputeResources, _ req: APIRequest, for instances: [Instance]) async throws
        -> ServerViewBuilder
    {
        let zones = try await ZoneMap.load(r)
        var services: [String: Service] = [:]
        if req.microversion >= "2.16" {
            for s in try await r.store.services(host: nil, binary: "nova-compute") { services[s.host ?? ""] = s }
        }
        let tags = req.microversion >= "2.26" ? try await r.store.tags(instanceUUIDs: instances.map(\.uuid)) : [:]
        return ServerViewBuilder(req: req, zones: zones, computeServices: services, tags: tags, settings: r.settings)
    }

    /// `{id, name, links}`.
    static func basic(_ i: Instance, _ req: APIRequest) -> JSONValue {
        ["id": .string(i.uuid), "name": .from(i.displayName), "links": req.links.links("servers", i.uuid)]
    }

    /// The full server. `core` is the smaller form `PUT /servers/{id}` answered before 2.75 (no zone,
    /// extended attributes or status, usage, key name, config drive, volumes or host status).
    func detail(_ i: Instance, serverGroups: [String]? = nil, core: Bool = false) -> JSONValue {
        let v = req.microversion
        let status = ServerStatus.from(vmState: i.vmState, taskState: i.taskState)
        var s: [String: JSONValue] = [
            "id": .string(i.uuid), "name": .from(i.displayName), "status": .string(status),
            "tenant_id": .from(i.projectID), "user_id": .from(i.userID),
            "metadata": .object(i.metadata.mapValues { .string($0) }),
            "hostId": .string(Self.hostID(i)), "image": image(i), "flavor": flavor(i),
            "created": .from(i.createdAt.map { NovaTime.format($0, .isoSeconds) }),
            "updated": .from(i.updatedAt.map { NovaTime.format($0, .isoSeconds) }),
            "addresses": [:], "accessIPv4": .string(i.accessIPv4 ?? ""), "accessIPv6": .string(i.accessIPv6 ?? ""),
            "links": req.links.links("servers", i.uuid),
            "OS-DCF:diskConfig": .string(i.autoDiskConfig ? "AUTO" : "MANUAL"),
            "OS-EXT-AZ:availability_zone": .string(zones.zone(of: i) ?? ""),
            "config_drive": .string(i.configDrive ?? ""), "key_name": .from(i.keyName),
            "OS-SRV-USG:launched_at": .from(i.launchedAt.map { NovaTime.format($0, .isoMicroseconds) }),
            "OS-SRV-USG:terminated_at": .from(i.terminatedAt.map { NovaTime.format($0, .isoMicroseconds) }),
            "OS-EXT-STS:task_state": .from(i.taskState?.rawValue), "OS-EXT-STS:vm_state": .from(i.vmState?.rawValue),
            "OS-EXT-STS:power_state": .int(i.powerState ?? 0),
            "os-extended-volumes:volumes_attached": [],
        ]
        if core {
            for key in Self.coreOmitted { s[key] = nil }
        }
        if Self.progressStatuses.contains(status) { s["progress"] = .int(i.progress ?? 0) }
        if Self.faultStatuses.contains(status), let f = i.fault { s["fault"] = fault(f) }
        let target = ["project_id": i.projectID ?? ""]
        if !core, req.isAllowed("os_compute_api:os-extended-server-attributes", target: target) {
            extendedAttributes(i, into: &s)
        }
        if v >= "2.9" { s["locked"] = .bool(i.locked) }
        if v >= "2.16", !core, let hs = hostStatus(i, target: target) { s["host_status"] = .string(hs) }
        if v >= "2.19" { s["description"] = .from(i.displayDescription) }
        if v >= "2.26" { s["tags"] = .array((tags[i.uuid] ?? []).map { .string($0) }) }
        if v >= "2.63" { s["trusted_image_certificates"] = .null }
        if v >= "2.71", let serverGroups { s["server_groups"] = .array(serverGroups.map { .string($0) }) }
        if v >= "2.73" { s["locked_reason"] = .from(i.locked ? i.systemMetadata["locked_reason"] : nil) }
        return .object(s)
    }

    func extendedAttributes(_ i: Instance, into s: inout [String: JSONValue]) {
        s["OS-EXT-SRV-ATTR:host"] = .from(i.host)
        s["OS-EXT-SRV-ATTR:hypervisor_hostname"] = .from(i.node)
        s["OS-EXT-SRV-ATTR:instance_name"] = .string(i.name)
        guard req.microversion >= "2.3" else { return }
        s["OS-EXT-SRV-ATTR:reservation_id"] = .from(i.reservationID)
        s["OS-EXT-SRV-ATTR:launch_index"] = .from(i.launchIndex)
        s["OS-EXT-SRV-ATTR:hostname"] = .from(i.hostname)
        s["OS-EXT-SRV-ATTR:kernel_id"] = .string(i.kernelID ?? "")
        s["OS-EXT-SRV-ATTR:ramdisk_id"] = .string(i.ramdiskID ?? "")
        s["OS-EXT-SRV-ATTR:root_device_name"] = .from(i.rootDeviceName)
        s["OS-EXT-SRV-ATTR:user_data"] = .from(i.userData)
    }

    /// sha224 of project id + host, empty while unscheduled (Nova's `generate_hostid`).
    static func hostID(_ i: Instance) -> String {
        guard let host = i.host, !host.isEmpty else { return "" }
        return Digest.hex(Digest.sha224(Array(((i.projectID ?? "None") + host).utf8)))
    }

    func image(_ i: Instance) -> JSONValue {
        guard let ref = i.imageRef, !ref.isEmpty else { return "" }
        var o: [String: JSONValue] = [
            "id": .string(ref), "links": [["rel": "bookmark", "href": .string(req.links.bookmarkLink("images", ref))]],
        ]
        if req.microversion >= "2.98" {
            var props: [String: JSONValue] = [:]
            for (k, v) in i.systemMetadata where k.hasPrefix("image_") {
                let name = String(k.dropFirst(6))
                if !Self.imageBaseKeys.contains(name) { props[name] = .string(v) }
            }
            o["properties"] = .object(props)
        }
        return .object(o)
    }

    func flavor(_ i: Instance) -> JSONValue {
        let f = i.flavor ?? Flavor()
        guard req.microversion >= "2.47" else {
            return [
                "id": .string(f.flavorID),
                "links": [["rel": "bookmark", "href": .string(req.links.bookmarkLink("flavors", f.flavorID))]],
            ]
        }
        var o: [String: JSONValue] = [
            "vcpus": .int(f.vcpus), "ram": .int(f.memoryMB), "disk": .int(f.rootGB), "ephemeral": .int(f.ephemeralGB),
            "swap": .int(f.swap), "original_name": .from(f.name),
        ]
        if req.isAllowed("os_compute_api:servers:show:flavor-extra-specs", target: ["project_id": i.projectID ?? ""]) {
            o["extra_specs"] = .object(f.extraSpecs.mapValues { .string($0) })
        }
        return .object(o)
    }

    /// `{code, created, message, details}`; details of a 500 only for admins.
    func fault(_ f: InstanceFault) -> JSONValue {
        var o: [String: JSONValue] = [
            "code": .int(f.code), "message": .from(f.message),
            "created": .from(f.createdAt.map { NovaTime.format($0, .isoSeconds) }),
        ]
        if let details = f.details, !details.isEmpty, req.context.isAdmin || f.code != 500 {
            o["details"] = .string(details)
        }
        return .object(o)
    }

    /// UP, DOWN, MAINTENANCE, UNKNOWN or "" (no host), shown to those the policy allows (UNKNOWN-only rule).
    func hostStatus(_ i: Instance, target: [String: String]) -> String? {
        let status: String
        if let host = i.host, !host.isEmpty, let service = computeServices[host] {
            if service.forcedDown {
                status = "DOWN"
            } else if service.disabled {
                status = "MAINTENANCE"
            } else {
                status = settings.isUp(service) ? "UP" : "UNKNOWN"
            }
        } else {
            status = ""
        }
        if req.isAllowed("os_compute_api:servers:show:host_status", target: target) { return status }
        if status == "UNKNOWN", req.isAllowed("os_compute_api:servers:show:host_status:unknown-only", target: target) {
            return status
        }
        return nil
    }
}
