import Common

/// Flavors as Nova's `views/flavors.py`: `swap` is "" when 0 (0 from 2.75), `rxtx_factor` "" when unset,
/// `description` from 2.55, `extra_specs` from 2.61 for those allowed to read them.
enum FlavorViewBuilder {
    static func basic(_ f: Flavor, _ req: APIRequest) -> JSONValue {
        var o: [String: JSONValue] = [
            "id": .string(f.flavorID), "name": .from(f.name), "links": req.links.links("flavors", f.flavorID),
        ]
        if req.microversion >= "2.55" { o["description"] = .from(f.flavorDescription) }
        return .object(o)
    }

    static func detail(_ f: Flavor, _ req: APIRequest) -> JSONValue {
        var o = basic(f, req).objectValue ?? [:]
        o["ram"] = .int(f.memoryMB)
        o["disk"] = .int(f.rootGB)
        o["swap"] = f.swap == 0 ? (req.microversion >= "2.75" ? .int(0) : "") : .int(f.swap)
        o["OS-FLV-EXT-DATA:ephemeral"] = .int(f.ephemeralGB)
        o["OS-FLV-DISABLED:disabled"] = .bool(f.disabled)
        o["vcpus"] = .int(f.vcpus)
        o["os-flavor-access:is_public"] = .bool(f.isPublic)
        o["rxtx_factor"] = f.rxtxFactor.map { $0 == 0 ? "" : .double($0) } ?? ""
        if req.microversion >= "2.61", req.isAllowed("os_compute_api:os-flavor-extra-specs:index") {
            o["extra_specs"] = .object(f.extraSpecs.mapValues { .string($0) })
        }
        return .object(o)
    }
}
