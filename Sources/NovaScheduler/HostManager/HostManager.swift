import Common
import Foundation

/// Keeps the host states of the whole fleet (nova/scheduler/host_manager.py HostManager). The first
/// request loads everything; later ones apply only what the store reports as changed since the last read,
/// so the cost of a refresh follows the rate of change, not the size of the fleet.
public actor HostManager {
    /// How the cache follows the store.
    public struct Refresh: Sendable {
        /// A refresh younger than this is reused as is (0: refresh before every request).
        public var minInterval: TimeInterval
        /// How far back each incremental read reaches before the previous read's mark, so that a change
        /// stamped just before that mark but committed after it is still seen.
        public var overlap: TimeInterval
        /// A full reload this often drops anything the incremental reads could have missed.
        public var fullResyncInterval: TimeInterval

        public init(minInterval: TimeInterval = 0, overlap: TimeInterval = 2, fullResyncInterval: TimeInterval = 600) {
            self.minInterval = minInterval
            self.overlap = overlap
            self.fullResyncInterval = fullResyncInterval
        }
    }

    public let store: any SchedulerStore
    public let refresh: Refresh
    private var states: [HostState] = []
    private var position: [String: Int] = [:]
    private var aggregatesByHost: [String: HostAggregates] = [:]
    private var mark: Date?
    private var lastFullLoad = Date.distantPast
    private var lastRefresh = Date.distantPast
    private var aggregatesStale = true
    private var inFlight: Task<Void, any Error>?
    private static let log = Logger("nova.scheduler.host_manager")

    public init(store: any SchedulerStore, refresh: Refresh = Refresh()) {
        self.store = store
        self.refresh = refresh
    }

    /// The current states, refreshed first when due. The array is shared copy-on-write: cheap to take.
    public func hostStates() async throws -> [HostState] {
        if mark == nil || Date().timeIntervalSince(lastRefresh) >= refresh.minInterval {
            try await refreshNow()
        }
        return states
    }

    /// Refreshes from the store; concurrent callers share one read.
    public func refreshNow() async throws {
        if let running = inFlight {
            try await running.value
            return
        }
        let task = Task { try await self.load() }
        inFlight = task
        defer { inFlight = nil }
        try await task.value
    }

    /// Applies instances this scheduler placed (and claimed) so the next request sees them before the
    /// store reports them.
    public func consume(_ picks: [(nodeUUID: String, resources: Resources)]) {
        for p in picks {
            if let i = position[p.nodeUUID] { states[i].consume(p.resources) }
        }
    }

    /// Aggregates changed (an `update_aggregates` / `delete_aggregate` cast): reload them on next use.
    public func aggregatesChanged() { aggregatesStale = true }

    /// Forgets the incremental mark: the next refresh reloads everything.
    public func invalidate() { mark = nil }

    public var count: Int { states.count }

    private func load() async throws {
        let started = Date()
        let full = mark == nil || started.timeIntervalSince(lastFullLoad) >= refresh.fullResyncInterval
        let since = full ? nil : mark.map { $0.addingTimeInterval(-refresh.overlap) }
        let changes = try await store.computeHosts(changedSince: since)
        let aggs = try await store.aggregates(changedSince: full || aggregatesStale ? nil : since)
        if let aggs {
            aggregatesByHost = HostAggregates.byHost(aggs)
            aggregatesStale = false
        }
        if full {
            states = changes.hosts.map { r in
                HostState(record: r, aggregates: aggregatesByHost[r.node.host ?? ""] ?? .none)
            }
            states.sort { ($0.host, $0.nodename) < ($1.host, $1.nodename) }
            reindex()
            lastFullLoad = started
            Self.log.debug("Loaded \(states.count) compute nodes")
        } else {
            apply(changes, aggregatesChanged: aggs != nil)
        }
        mark = changes.asOf
        lastRefresh = Date()
    }

    private func apply(_ changes: ComputeHostChanges, aggregatesChanged: Bool) {
        if aggregatesChanged {
            for i in states.indices {
                states[i] = states[i].with(aggregates: aggregatesByHost[states[i].host] ?? .none)
            }
        }
        var appended = false
        for r in changes.hosts {
            let aggs = aggregatesByHost[r.node.host ?? ""] ?? .none
            if let i = position[r.node.uuid] {
                states[i] = states[i].updated(with: r, aggregates: aggs)
            } else {
                position[r.node.uuid] = states.count
                states.append(HostState(record: r, aggregates: aggs))
                appended = true
            }
        }
        if !changes.removedNodeUUIDs.isEmpty {
            let gone = Set(changes.removedNodeUUIDs)
            states.removeAll { gone.contains($0.nodeUUID) }
            reindex()
        } else if appended {
            states.sort { ($0.host, $0.nodename) < ($1.host, $1.nodename) }
            reindex()
        }
    }

    private func reindex() {
        position = [:]
        position.reserveCapacity(states.count)
        for (i, s) in states.enumerated() { position[s.nodeUUID] = i }
    }
}
