import Common
import Foundation

/// The conductor's orchestration (nova/conductor/manager.py ComputeTaskManager): schedule and hand builds
/// to computes, reschedule failed builds on the alternates, drive resize/cold migrate and evacuate.
public final class ComputeTaskManager: Sendable {
    public let store: ConductorStore
    public let scheduler: SchedulerRPCAPI
    public let computes: ComputeRPCAPI
    static let log = Logger("nova.conductor.manager")

    public init(store: ConductorStore, scheduler: SchedulerRPCAPI, computes: ComputeRPCAPI) {
        self.store = store
        self.scheduler = scheduler
        self.computes = computes
    }

    /// Records `body` as an InstanceAction event: Success, or Error with the error's text.
    func withEvent<T>(_ uuid: String, _ event: String, _ body: () async throws -> T) async throws -> T {
        try? await store.eventStart(instanceUUID: uuid, event: event, host: nil)
        do {
            let r = try await body()
            try? await store.eventFinish(instanceUUID: uuid, event: event, host: nil, result: "Success", details: nil)
            return r
        } catch {
            try? await store.eventFinish(instanceUUID: uuid, event: event, host: nil, result: "Error",
                                         details: Self.describe(error))
            throw error
        }
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? any NovaRemoteError { return e.message }
        return String(describing: error)
    }

    /// Puts a build that will not reach a compute in ERROR with a fault (Nova's _set_vm_state_and_notify) and
    /// frees what it holds, in one step: a scheduler that claimed for it after its caller gave up (timeout)
    /// leaves nothing behind, and a claim arriving later is refused.
    func failBuild(_ uuid: String, message: String, details: String?) async {
        do {
            _ = try await store.failBuild(uuid: uuid, message: message, details: details)
        } catch {
            Self.log.error("Could not set instance \(uuid) to ERROR (\(message)): \(error)")
        }
    }

    /// Builds that never reached a compute host within `instance_build_timeout` — their conductor died with
    /// them, or their cast was lost with the broker — go to ERROR, their claims freed. A compute fails the
    /// stale builds on its own host (`_check_instance_build_time`); these have no host to do it.
    public func checkUnscheduledBuildTime(timeout: Int) async throws {
        guard timeout > 0 else { return }
        let message = "Instance build timed out before reaching a compute host. Set to error state."
        let failed = try await store.failUnscheduledBuilds(createdBefore: Date().addingTimeInterval(-Double(timeout)),
                                                           message: message)
        for uuid in failed { Self.log.warning("Instance \(uuid): \(message)") }
    }

    // MARK: build

    public func scheduleAndBuildInstances(_ ctx: RequestContext, requestSpecs: [RequestSpec],
                                          instanceUUIDs: [String]) async {
        guard var spec = requestSpecs.first else { return }
        spec.numInstances = instanceUUIDs.count
        let selections: [[Selection]]
        do {
            selections = try await withEvents(instanceUUIDs, "conductor_schedule_and_build_instances") {
                try await scheduler.selectDestinations(ctx, requestSpec: spec, instanceUUIDs: instanceUUIDs,
                                                       returnAlternates: true)
            }
        } catch {
            let text = Self.describe(error)
            Self.log.warning("Failed to schedule instances \(instanceUUIDs): \(text)", context: ctx)
            for uuid in instanceUUIDs {
                await failBuild(uuid, message: text, details: String(describing: error))
            }
            return
        }
        for (i, uuid) in instanceUUIDs.enumerated() where i < selections.count && !selections[i].isEmpty {
            var s = requestSpecs.count > i ? requestSpecs[i] : spec
            s.instanceUUID = uuid
            await handOff(ctx, uuid: uuid, primary: selections[i][0], alternates: Array(selections[i].dropFirst()),
                          spec: s)
        }
    }

    /// One scheduled instance on its way: host/node recorded, then build_and_run_instance on that compute.
    private func handOff(_ ctx: RequestContext, uuid: String, primary: Selection, alternates: [Selection],
                         spec: RequestSpec) async {
        do {
            var changes: [String: JSONValue] = ["host": .string(primary.serviceHost),
                                                "node": .string(primary.nodename)]
            if let cn = try? await store.computeNode(host: primary.serviceHost, nodename: primary.nodename) {
                changes["compute_id"] = .int(cn.id)
            }
            let inst = try await store.saveInstance(uuid: uuid, changes: changes, expectedTaskState: ["scheduling"])
            try await computes.buildAndRunInstance(ctx, host: primary.serviceHost, instance: inst,
                                                   node: primary.nodename, requestSpec: spec, hostList: alternates)
        } catch {
            Self.log.warning("Instance \(uuid) not handed to \(primary.serviceHost): \(error)", context: ctx)
            if error is UnexpectedTaskStateError || error is InstanceNotFound {
                try? await store.freeAllocations(consumer: uuid)
            } else {
                await failBuild(uuid, message: Self.describe(error), details: String(describing: error))
            }
        }
    }

    private func withEvents<T>(_ uuids: [String], _ event: String, _ body: () async throws -> T) async throws -> T {
        for u in uuids { try? await store.eventStart(instanceUUID: u, event: event, host: nil) }
        do {
            let r = try await body()
            for u in uuids {
                try? await store.eventFinish(instanceUUID: u, event: event, host: nil, result: "Success", details: nil)
            }
            return r
        } catch {
            for u in uuids {
                try? await store.eventFinish(instanceUUID: u, event: event, host: nil, result: "Error",
                                             details: Self.describe(error))
            }
            throw error
        }
    }

    /// A compute failed the build: claim the next alternate that still fits and try it there; when none
    /// is left, ERROR with Nova's MaxRetriesExceeded fault carrying the last error.
    public func buildInstances(_ ctx: RequestContext, instance: Instance, requestSpec: RequestSpec?,
                               hostList: [Selection], failedHost: String?, lastError: String) async {
        let uuid = instance.uuid
        var remaining = hostList
        let need = ResourceNeed(instance: instance, spec: requestSpec)
        while !remaining.isEmpty {
            let next = remaining.removeFirst()
            do {
                try await store.claim(consumer: uuid, nodeUUID: next.computeNodeUUID, vcpus: need.vcpus,
                                      memoryMB: need.memoryMB, diskGB: need.diskGB)
            } catch {
                Self.log.info("Alternate \(next.serviceHost) (\(next.nodename)) for instance \(uuid) no longer "
                              + "fits: \(error)", context: ctx)
                continue
            }
            Self.log.info("Rescheduling instance \(uuid) from \(failedHost ?? "?") to \(next.serviceHost)",
                          context: ctx)
            await handOff(ctx, uuid: uuid, primary: next, alternates: remaining,
                          spec: requestSpec ?? RequestSpec())
            return
        }
        let message = "Exceeded maximum number of retries. Exhausted all hosts available for retrying build "
            + "failures for instance \(uuid)."
        Self.log.error("\(message) Last error: \(lastError)", context: ctx)
        try? await store.eventStart(instanceUUID: uuid, event: "conductor_build_instances", host: nil)
        try? await store.eventFinish(instanceUUID: uuid, event: "conductor_build_instances", host: nil,
                                     result: "Error", details: message)
        await failBuild(uuid, message: message, details: lastError)
    }
}

/// What an instance asks of a node, from its request spec's flavor or its own.
struct ResourceNeed {
    var vcpus = 0
    var memoryMB = 0
    var diskGB = 0

    init(vcpus: Int, memoryMB: Int, diskGB: Int) {
        self.vcpus = vcpus
        self.memoryMB = memoryMB
        self.diskGB = diskGB
    }

    init(flavor f: Flavor) {
        vcpus = f.vcpus
        memoryMB = f.memoryMB
        diskGB = (f.int("root_gb") ?? 0) + (f.int("ephemeral_gb") ?? 0) + ((f.int("swap") ?? 0) + 1023) / 1024
    }

    init(instance: Instance, spec: RequestSpec?) {
        if let f = spec?.flavor ?? instance.flavor {
            self.init(flavor: f)
        } else {
            self.init(vcpus: instance.vcpus ?? 0, memoryMB: instance.memoryMB ?? 0,
                      diskGB: (instance.rootGB ?? 0) + (instance.ephemeralGB ?? 0))
        }
    }
}
