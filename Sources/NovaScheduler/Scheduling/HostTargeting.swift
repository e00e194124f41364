import Common

/// Host choices made before any filter (nova/scheduler/host_manager.py _strip_ignore_hosts,
/// _match_forced_hosts/_nodes, and requested_destination): ignore_hosts, force_hosts / force_nodes (also
/// from an admin's `availability_zone=zone:host[:node]`), and a move's requested destination.
public struct HostTargeting: Sendable, Hashable {
    public var ignoreHosts: Set<String>
    public var forceHosts: Set<String>
    public var forceNodes: Set<String>
    public var destinationHost: String?
    public var destinationNode: String?
    /// The zone part of `availability_zone`.
    public var zone: String?
    /// Whether the host or node came from `zone:host[:node]` (admin only).
    public var forcedByZoneHint: Bool

    public init(spec: RequestSpec) {
        ignoreHosts = Set(spec.ignoreHosts ?? [])
        forceHosts = Set(spec.forceHosts ?? [])
        forceNodes = Set(spec.forceNodes ?? [])
        destinationHost = spec.requestedDestination.map(\.host).flatMap { $0.isEmpty ? nil : $0 }
        destinationNode = spec.requestedDestination?.node
        forcedByZoneHint = false
        zone = spec.availabilityZone.flatMap { $0.isEmpty ? nil : $0 }
        if let az = zone, az.contains(":") {
            // nova/compute/api.py parse_availability_zone: "zone:host", "zone::node", "zone:host:node".
            let parts = az.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            zone = parts[0].isEmpty ? nil : parts[0]
            if parts.count > 1, !parts[1].isEmpty { forceHosts.insert(parts[1]); forcedByZoneHint = true }
            if parts.count > 2, !parts[2].isEmpty { forceNodes.insert(parts[2]); forcedByZoneHint = true }
        }
    }

    /// Forcing skips the filters (resources are still checked): Nova's behaviour for forced hosts.
    public var isForced: Bool { !forceHosts.isEmpty || !forceNodes.isEmpty }

    public var isEmpty: Bool { ignoreHosts.isEmpty && !isForced && destinationHost == nil }
}
