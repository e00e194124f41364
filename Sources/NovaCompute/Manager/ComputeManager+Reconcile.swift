import Common
import Foundation

/// Catching up with what the control plane did while this host could not hear about it (stopped, or cut
/// off the network while it kept running): guests evacuated away are destroyed and their migrations
/// completed (Nova's _destroy_evacuated_instances), guests whose servers the API deleted locally are reaped
/// (Nova's _cleanup_running_deleted_instances with action `reap`). Runs at start-up, when heartbeats get
/// through again after failing, and before each usage rebuild, so it converges whichever comes first.
extension ComputeManager {
    /// The evacuation statuses that still need the source's clean-up (as Nova's: accepted and pre-migrating
    /// cover a source that comes back while the evacuation is under way).
    static let evacuationCleanupStatuses = ["accepted", "pre-migrating", "done"]

    public func reconcileWithDatabase(_ ctx: RequestContext) async throws {
        try await destroyEvacuatedInstances(ctx)
        try await reapDeletedGuests(ctx)
    }

    /// Destroys the local guest of every server evacuated away from this host, drops its local claim and
    /// marks the evacuation `completed`. A server the database still places here is left alone (an
    /// evacuation that has not rebuilt it elsewhere yet, or failed): Nova destroys those too at start-up,
    /// which loses the guest when the evacuation then fails. The source's allocations need no freeing: the
    /// scheduler's claim on the destination replaced them.
    public func destroyEvacuatedInstances(_ ctx: RequestContext) async throws {
        let evacuations = try await conductor.migrations(
            ctx, sourceCompute: host, statuses: Self.evacuationCleanupStatuses, type: .evacuation)
        for var m in evacuations {
            guard let uuid = m.string("instance_uuid") else { continue }
            do {
                let inst = try await conductor.instanceGetByUUID(ctx, uuid)
                if inst.host == host { continue }
            } catch is InstanceNotFound {
                // Deleted since: its guest here is just as stale.
            }
            Self.log.info("Destroying instance \(uuid) as it has been evacuated from this host but still exists "
                          + "in the hypervisor (migration \(m.uuid) to \(m.destCompute ?? "?"))", context: ctx)
            await driver.destroy(instanceUUID: uuid)
            await tracker.drop(uuid)
            m.status = "completed"
            _ = try await conductor.migrationSave(ctx, m)
        }
    }

    /// Destroys guests whose servers no longer exist (deleted by the API while this compute was down, which
    /// frees the database side only). Guests of servers that exist elsewhere are left to the moves that
    /// own them (a resize source keeps its guest until the confirm).
    public func reapDeletedGuests(_ ctx: RequestContext) async throws {
        let ours = Set(try await conductor.instancesOnHost(ctx, host: host).map(\.uuid))
        let busy = building.all
        for uuid in await driver.listInstances() where !ours.contains(uuid) && !busy.contains(uuid) {
            do {
                _ = try await conductor.instanceGetByUUID(ctx, uuid)
            } catch is InstanceNotFound {
                Self.log.info("Destroying instance \(uuid): it was deleted while this host was away but is still "
                              + "present in the hypervisor", context: ctx)
                await driver.destroy(instanceUUID: uuid)
                await tracker.drop(uuid)
            }
        }
    }

    /// Heartbeat bookkeeping: after a failed heartbeat, the next one that gets through means this host is
    /// back in touch. Returns, that once, how long ago the last heartbeat before the outage got through.
    func recordHeartbeat(ok: Bool, at now: Date = Date()) -> TimeInterval? {
        liveness.withLock { state in
            defer {
                state.failing = !ok
                if ok { state.lastOK = now }
            }
            guard ok, state.failing else { return nil }
            return state.lastOK.map { now.timeIntervalSince($0) } ?? 0
        }
    }
}

/// Whether the last heartbeat failed, and when one last got through.
struct HeartbeatState: Sendable {
    var failing = false
    var lastOK: Date?
}
