import Common
import Foundation

/// Places instances (nova/scheduler/manager.py _schedule): filters and weighs the cached host states,
/// claims each instance on the best host that accepts the claim, and returns per instance the claimed
/// primary then alternates on other hosts. If a batch cannot be completed, its claims are given back.
public final class FilterScheduler: Sendable {
    public let hostManager: HostManager
    public let store: any SchedulerStore
    public let random: RandomSource
    private let current: Locked<SchedulerSettings>
    /// One cell here; Nova sends the cell's uuid with each selection.
    public static let cellUUID = "00000000-0000-0000-0000-000000000001"
    /// The placement microversion whose allocation request shape `allocation_request` follows.
    public static let allocationRequestVersion = "1.36"
    static let log = Logger("nova.scheduler.manager")

    public init(store: any SchedulerStore, settings: SchedulerSettings, hostManager: HostManager? = nil,
                random: RandomSource = .system) {
        self.store = store
        self.hostManager = hostManager ?? HostManager(store: store)
        self.random = random
        current = Locked(settings)
    }

    /// The settings the next request uses (replaced on a config reload).
    public var settings: SchedulerSettings {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }

    /// Per instance of `instanceUUIDs`: the claimed primary, then up to `[scheduler] max_attempts` − 1
    /// alternates (unclaimed) when `returnAlternates`. Throws `NoValidHost` saying why when any instance of
    /// the batch cannot be placed (and then holds no claim made here).
    public func selectDestinations(_ ctx: RequestContext, spec: RequestSpec, instanceUUIDs: [String],
                                   returnAlternates: Bool) async throws -> [[Selection]] {
        let settings = self.settings
        let uuids = instanceUUIDs.isEmpty ? (spec.instanceUUID.isEmpty ? [] : [spec.instanceUUID]) : instanceUUIDs
        guard !uuids.isEmpty else { throw SchedulerInvalidInput(reason: "select_destinations needs instance_uuids") }
        guard spec.flavor != nil else { throw SchedulerInvalidInput(reason: "the request spec has no flavor") }
        guard Set(uuids).count == uuids.count else {
            throw SchedulerInvalidInput(reason: "instance_uuids lists an instance twice")
        }
        let request = try await makeRequest(ctx, spec: spec, first: uuids[0], settings: settings)
        let extra = returnAlternates ? settings.maxAttempts - 1 : 0
        let picks: [HostState], alternates: [HostState]
        do {
            (picks, alternates) = try await place(request, hosts: try await hostManager.hostStates(), uuids: uuids,
                                                  alternates: extra)
        } catch is NoValidHost {
            // The cache may predate nodes that registered or freed room a moment ago: one fresh read
            // before answering no (only the failure path pays for it).
            try await hostManager.refreshNow()
            (picks, alternates) = try await place(request, hosts: try await hostManager.hostStates(), uuids: uuids,
                                                  alternates: extra)
        }
        await hostManager.consume(picks.map { ($0.nodeUUID, request.resources) })
        let zone = settings.defaultAvailabilityZone
        return picks.map { p in
            ([p] + alternates).map { Self.selection($0, request.resources, zone) }
        }
    }

    /// Decodes the spec and resolves what it points to: hint instances to hosts, the server group.
    func makeRequest(_ ctx: RequestContext, spec: RequestSpec, first: String, settings: SchedulerSettings)
        async throws -> HostRequest
    {
        var r = HostRequest(spec: spec, context: ctx, instanceUUID: first, settings: settings)
        if r.targeting.forcedByZoneHint && !ctx.isAdmin {
            throw NoValidHost(reason: "Only administrators may choose a host with availability_zone "
                              + "'zone:host[:node]' (asked: '\(spec.availabilityZone ?? "")').")
        }
        if let same = spec.schedulerHint("same_host"), !same.isEmpty {
            r.sameHostHosts = Set(try await store.instanceHosts(uuids: same).values)
        }
        if let different = spec.schedulerHint("different_host"), !different.isEmpty {
            r.differentHostHosts = Set(try await store.instanceHosts(uuids: different).values)
        }
        let groupUUID = spec.instanceGroup.map(\.uuid).flatMap { $0.isEmpty ? nil : $0 }
            ?? spec.schedulerHint("group")?.first
        if let uuid = groupUUID, let stored = try await store.instanceGroup(uuid: uuid) {
            r.group = GroupPlacement(stored)
        } else if let g = spec.instanceGroup {
            r.group = GroupPlacement(spec: g)
        }
        return r
    }

    /// Filters, weighs and claims instance after instance; on failure frees the claims made so far.
    func place(_ request: HostRequest, hosts: [HostState], uuids: [String], alternates: Int) async throws
        -> (picks: [HostState], alternates: [HostState])
    {
        var placer = BatchPlacer(hosts: hosts, request: request, random: random)
        var picks: [HostState] = []
        do {
            for (n, uuid) in uuids.enumerated() {
                placer.request.instanceUUID = uuid
                guard placer.filter(), let index = try await claimBest(&placer, consumer: uuid) else {
                    throw NoValidHost(reason: placer.report.reason(placed: picks.count, requested: uuids.count))
                }
                placer.placed(index, moreToPlace: n + 1 < uuids.count)
                picks.append(placer.hosts[index])
            }
        } catch {
            for p in picks.indices { try? await store.freeAllocations(consumer: uuids[p]) }
            Self.log.info("Could not place \(uuids.count) instance(s): \(error)", context: request.context)
            throw error
        }
        let alts = placer.alternates(count: alternates)
        Self.log.debug("Placed \(uuids.count) instance(s) on \(picks.map(\.host)); alternates \(alts.map(\.host))",
                       context: request.context)
        return (picks, alts)
    }

    /// Claims the current instance on the first host of the pick order that accepts; nil when none does.
    /// A refused host leaves the candidates, so asking for the order again moves on past it.
    private func claimBest(_ placer: inout BatchPlacer, consumer: String) async throws -> Int? {
        let want = placer.request.resources
        while true {
            let order = placer.pickOrder()
            if order.isEmpty { return nil }
            for index in order {
                let node = placer.hosts[index].nodeUUID
                do {
                    try await store.claim(consumer: consumer, nodeUUID: node, vcpus: want.vcpus,
                                          memoryMB: want.memoryMB, diskGB: want.diskGB)
                    return index
                } catch let e as ClaimRejected {
                    Self.log.debug("\(e); trying the next host", context: placer.request.context)
                    placer.claimRejected(index)
                }
            }
        }
    }

    /// A Selection for `host`, with the allocation request the claim used (or an alternate would use).
    static func selection(_ host: HostState, _ resources: Resources, _ defaultZone: String) -> Selection {
        var s = Selection()
        s.computeNodeUUID = host.nodeUUID
        s.serviceHost = host.host
        s.nodename = host.nodename
        s.cellUUID = cellUUID
        s.limits = SchedulerLimits(vcpu: nil, diskGB: nil, memoryMB: nil)
        s.allocationRequestJSON = ["allocations": [host.nodeUUID: resources.allocationJSON], "mappings": [:]]
        s.allocationRequestVersion = allocationRequestVersion
        s.availabilityZone = host.aggregates.availabilityZones.sorted().first ?? defaultZone
        return s
    }
}
