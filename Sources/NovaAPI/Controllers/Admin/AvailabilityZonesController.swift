import Common

/// `/os-availability-zone` and `/detail` (admin): zones of enabled services (available) and of disabled
/// ones (not available); the internal zone only in the detail.
struct AvailabilityZonesController: Sendable {
    let r: ComputeResources

    init(_ r: ComputeResources) { self.r = r }

    func register(on router: inout APIRouter) {
        router.add("GET", "/os-availability-zone", policy: "os_compute_api:os-availability-zone:list") {
            try await self.index($0, detail: false)
        }
        router.add("GET", "/os-availability-zone/detail", policy: "os_compute_api:os-availability-zone:detail") {
            try await self.index($0, detail: true)
        }
    }

    func index(_ req: APIRequest, detail: Bool) async throws -> APIResponse {
        let zones = try await ZoneMap.load(r)
        let services = try await r.store.services(host: nil, binary: nil)
            .filter { !ServicesController.apiServices.contains($0.binary ?? "") }
        let available = Set(services.filter { !$0.disabled }.map(zones.zone(of:)))
        let unavailable = Set(services.filter(\.disabled).map(zones.zone(of:))).subtracting(available)
        var info: [JSONValue] = []
        for zone in available.sorted() where detail || zone != r.settings.internalServiceAvailabilityZone {
            var hosts: JSONValue = .null
            if detail {
                var byHost: [String: JSONValue] = [:]
                for s in services where !s.disabled && zones.zone(of: s) == zone {
                    var entry = byHost[s.host ?? ""]?.objectValue ?? [:]
                    entry[s.binary ?? ""] = [
                        "available": .bool(r.settings.isUp(s)), "active": .bool(!s.disabled),
                        "updated_at": .from(s.updatedAt.map { NovaTime.format($0, .isoMicroseconds) }),
                    ]
                    byHost[s.host ?? ""] = .object(entry)
                }
                hosts = .object(byHost)
            }
            info.append(["zoneName": .string(zone), "zoneState": ["available": true], "hosts": hosts])
        }
        for zone in unavailable.sorted() where detail || zone != r.settings.internalServiceAvailabilityZone {
            info.append(["zoneName": .string(zone), "zoneState": ["available": false], "hosts": .null])
        }
        return .ok(["availabilityZoneInfo": .array(info)])
    }
}
