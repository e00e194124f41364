import Common
import Foundation

/// Start-up (`init_host`) and the periodic tasks: heartbeat, resource reports, power state sync, build timeout.
extension ComputeManager {
    /// Registers the service and its nodes, then finishes or fails what a previous run left mid-transition.
    public func initHost(_ ctx: RequestContext) async throws {
        for node in driver.nodenames {
            let res = try await driver.availableResource(node: node)
            await tracker.setInventory(NodeInventory(resources: res, conf: conf))
        }
        try await heartbeat(ctx)
        let instances = try await conductor.instancesOnHost(ctx, host: host)
        for inst in instances { await reconcile(ctx, inst) }
        try await updateAvailableResource(ctx)
    }

    /// One instance found at start-up (Nova's _init_instance).
    func reconcile(_ ctx: RequestContext, _ instance: Instance) async {
        var inst = instance
        let dbPower = inst.powerStateValue ?? .noState
        do {
            if inst.vmState == .building {
                Self.log.warning("Instance \(inst.uuid) was building when \(host) restarted: setting it to ERROR",
                                 context: ctx)
                await tracker.drop(inst.uuid)
                inst.vmState = .error
                inst.taskState = nil
                _ = try await save(ctx, inst, expecting: nil)
                try await conductor.faultCreate(ctx, instanceUUID: inst.uuid, code: 500,
                                                message: "Instance build was interrupted: nova-compute on \(host) "
                                                    + "restarted while it was building.", details: nil, host: host)
                return
            }
            await driver.restore(instanceUUID: inst.uuid, state: dbPower == .noState ? .running : dbPower,
                                 node: inst.node)
            switch inst.taskState {
            case .deleting?: try await terminateInstance(ctx, instance: inst)
            case .poweringOff?: try await stopInstance(ctx, instance: inst)
            case .poweringOn?: try await startInstance(ctx, instance: inst)
            case .rebooting?, .rebootPending?, .rebootStarted?:
                try await rebootInstance(ctx, instance: inst, type: .soft)
            case .rebootingHard?, .rebootPendingHard?, .rebootStartedHard?:
                try await rebootInstance(ctx, instance: inst, type: .hard)
            case .pausing?: try await pauseInstance(ctx, instance: inst)
            case .unpausing?: try await unpauseInstance(ctx, instance: inst)
            case .suspending?: try await suspendInstance(ctx, instance: inst)
            case .resuming?: try await resumeInstance(ctx, instance: inst)
            case .spawning?, .scheduling?, .networking?, .blockDeviceMapping?, .rebuildSpawning?, .rebuilding?:
                inst.vmState = .error
                inst.taskState = nil
                _ = try await save(ctx, inst, expecting: nil)
            default: break
            }
        } catch {
            Self.log.error("Could not reconcile instance \(inst.uuid) at start-up: \(error)", context: ctx)
        }
    }

    /// Heartbeat: the services row's updated_at and report_count, through the conductor. The first one
    /// that gets through after failures (this host was cut off, or the control plane was away) catches up
    /// at once: evacuations and deletes done meanwhile, then usage, rather than at the next periodic run.
    public func heartbeat(_ ctx: RequestContext) async throws {
        var svc = Service(host: host, binary: "nova-compute", topic: ComputeRPCAPI.topic)
        svc.set("report_count", 1)
        do {
            _ = try await conductor.serviceReport(ctx, svc)
        } catch {
            _ = recordHeartbeat(ok: false)
            throw error
        }
        guard let away = recordHeartbeat(ok: true) else { return }
        Self.log.info("Heartbeats get through again, \(Int(away.rounded())) s after the last one: reconciling "
                      + "with the database", context: ctx)
        do {
            try await updateAvailableResource(ctx)
        } catch {
            Self.log.warning("Could not reconcile after the outage: \(error)", context: ctx)
        }
    }

    /// Catches up with the database (evacuated and deleted guests), rebuilds usage from its instances and
    /// migrations, then reports every node.
    public func updateAvailableResource(_ ctx: RequestContext) async throws {
        do {
            try await reconcileWithDatabase(ctx)
        } catch {
            Self.log.warning("Could not reconcile guests with the database: \(error)", context: ctx)
        }
        for node in driver.nodenames {
            let res = try await driver.availableResource(node: node)
            await tracker.setInventory(NodeInventory(resources: res, conf: conf))
        }
        let instances = try await conductor.instancesOnHost(ctx, host: host)
        let migrations = try await conductor.migrationsInProgress(ctx, host: host)
        var sources: [(Migration, ResourceAmounts)] = []
        // An evacuation holds nothing on its source: the destination's claim replaced the source's.
        for m in migrations where m.sourceCompute == host && m.migrationType != .evacuation {
            guard let uuid = m.string("instance_uuid"),
                  let inst = try? await conductor.instanceGetByUUID(ctx, uuid) else { continue }
            // After finish_resize the old size is old_flavor; before, the instance still has it as flavor.
            let f = inst.oldFlavor ?? inst.flavor
            if let f, inst.host != host || m.destCompute == host || inst.oldFlavor != nil {
                sources.append((m, ResourceAmounts(flavor: f)))
            }
        }
        var incoming: Set<String> = building.all
        for m in migrations where m.destCompute == host { if let u = m.string("instance_uuid") { incoming.insert(u) } }
        await tracker.rebuildUsage(instances: instances, sourceMigrations: sources, keep: incoming)
        for node in driver.nodenames {
            guard let report = await tracker.computeNodeReport(node: node),
                  let inv = await tracker.inventory(node: node) else { continue }
            let stored = try await conductor.computeNodeUpdate(ctx, report, inventory: inv.inventoryJSON)
            await tracker.recordNode(stored)
        }
    }

    /// Reports the current usage of `nodes` (all when nil) right away, as Nova's resource tracker saves
    /// the compute node after each claim and free: os-hypervisors must not wait for the next periodic.
    func reportUsage(_ ctx: RequestContext, nodes: [String]? = nil) async {
        for node in nodes ?? driver.nodenames {
            guard let report = await tracker.computeNodeReport(node: node),
                  let inv = await tracker.inventory(node: node) else { continue }
            do {
                let stored = try await conductor.computeNodeUpdate(ctx, report, inventory: inv.inventoryJSON)
                await tracker.recordNode(stored)
            } catch {
                Self.log.warning("Could not report usage of node \(node): \(error)", context: ctx)
            }
        }
    }

    /// Aligns the database's power_state with the driver's for idle instances (Nova's _sync_power_states):
    /// a guest found shut off behind Nova's back leaves its server SHUTOFF.
    public func syncPowerStates(_ ctx: RequestContext) async throws {
        for var inst in try await conductor.instancesOnHost(ctx, host: host) where inst.taskState == nil {
            guard inst.vmState != .building, inst.vmState != .error else { continue }
            let actual = await driver.powerState(instanceUUID: inst.uuid)
            guard actual != inst.powerStateValue else { continue }
            Self.log.info("Power state of instance \(inst.uuid) is \(actual.name) on the hypervisor, "
                          + "\(inst.powerStateValue?.name ?? "unknown") in the database: syncing", context: ctx)
            inst.powerStateValue = actual
            if inst.vmState == .active, actual == .shutdown || actual == .crashed { inst.vmState = .stopped }
            _ = try? await save(ctx, inst, expecting: [nil])
        }
    }

    /// Builds older than `instance_build_timeout` go to ERROR (Nova's _check_instance_build_time).
    public func checkInstanceBuildTime(_ ctx: RequestContext) async throws {
        let timeout = conf[ComputeOptions.instanceBuildTimeout]
        guard timeout > 0 else { return }
        let cutoff = Date().addingTimeInterval(-Double(timeout))
        for var inst in try await conductor.instancesOnHost(ctx, host: host) where inst.vmState == .building {
            guard let created = inst.createdAt, created < cutoff else { continue }
            let message = "Instance build timed out. Set to error state."
            Self.log.warning("Instance \(inst.uuid): \(message)", context: ctx)
            inst.vmState = .error
            inst.taskState = nil
            _ = try? await save(ctx, inst, expecting: nil)
            try? await conductor.faultCreate(ctx, instanceUUID: inst.uuid, code: 500, message: message,
                                             details: nil, host: host)
        }
    }
}
