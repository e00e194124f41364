import Common

/// Availability zones as Nova derives them: a compute host is in the zones of the aggregates that hold
/// it with an `availability_zone` key (joined with `,` when several), else in the default zone; other
/// services are in the internal zone.
struct ZoneMap: Sendable {
    let zonesByHost: [String: String]
    let settings: ComputeSettings

    init(aggregates: [Aggregate], settings: ComputeSettings) {
        var zones: [String: [String]] = [:]
        for a in aggregates {
            guard let az = a.availabilityZone else { continue }
            for h in a.hosts ?? [] where !(zones[h]?.contains(az) ?? false) { zones[h, default: []].append(az) }
        }
        zonesByHost = zones.mapValues { $0.sorted().joined(separator: ",") }
        self.settings = settings
    }

    static func load(_ r: ComputeResources) async throws -> ZoneMap {
        ZoneMap(aggregates: try await r.store.aggregates(), settings: r.settings)
    }

    func zone(ofHost host: String) -> String { zonesByHost[host] ?? settings.defaultAvailabilityZone }

    /// The zone shown for a service (`os-services` `zone`).
    func zone(of service: Service) -> String {
        service.binary == "nova-compute" ? zone(ofHost: service.host ?? "") : settings.internalServiceAvailabilityZone
    }

    /// The server's zone: its host's once scheduled, else the one it asked for.
    func zone(of instance: Instance) -> String? {
        if let host = instance.host, !host.isEmpty { return zone(ofHost: host) }
        return instance.availabilityZone
    }
}
