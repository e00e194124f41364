import Common

/// The compute side of resize and cold migrate (prep on the destination, hand-over on the source, finish on
/// the destination, then confirm on the source or revert through both), and evacuate's rebuild.
extension ComputeManager {
    /// Destination: claim the new flavor here, then ask the source to hand the guest over.
    public func prepResize(_ ctx: RequestContext, instance: Instance, flavor: Flavor, migration: Migration,
                           node: String) async throws {
        // Usage changed on the move's nodes: report them now (Nova saves the compute node after each claim).
        let moved = [migration.sourceNode, migration.destNode].compactMap { $0 }
        defer { Task { await self.reportUsage(ctx, nodes: moved) } }
        try await withEvent(ctx, instance, "prep_resize") {
            if instance.host == host {
                // Same-host resize: the old size stays held by the migration until confirm or revert.
                if let held = await tracker.holding(instance.uuid) {
                    try await tracker.claim(consumer: migration.uuid, node: held.node, amounts: held.amounts)
                }
            }
            try await tracker.claim(consumer: instance.uuid, node: node, amounts: ResourceAmounts(flavor: flavor))
            var m = migration
            m.status = "pre-migrating"
            m = try await conductor.migrationSave(ctx, m)
            try await peers.resizeInstance(ctx, host: m.sourceCompute ?? host, instance: instance, migration: m,
                                           flavor: flavor)
        }
    }

    /// Source: power the guest off and give its disks to the destination; the old size stays held by the
    /// migration here.
    public func resizeInstance(_ ctx: RequestContext, instance: Instance, migration: Migration,
                               flavor: Flavor) async throws {
        try await withEvent(ctx, instance, "resize_instance") {
            var inst = instance
            var m = migration
            m.status = "migrating"
            m = try await conductor.migrationSave(ctx, m)
            inst.taskState = .resizeMigrating
            inst = try await save(ctx, inst, expecting: [.resizePrep])
            try await driver.migrateDiskAndPowerOff(instanceUUID: inst.uuid)
            if let held = await tracker.holding(inst.uuid), m.destCompute != host {
                await tracker.drop(inst.uuid)
                try await tracker.claim(consumer: m.uuid, node: held.node, amounts: held.amounts)
            }
            m.status = "post-migrating"
            m = try await conductor.migrationSave(ctx, m)
            inst.taskState = .resizeMigrated
            inst = try await save(ctx, inst, expecting: [.resizeMigrating])
            try await peers.finishResize(ctx, host: m.destCompute ?? host, instance: inst, migration: m)
        }
    }

    /// Destination: the guest runs with its new flavor; the server waits in VERIFY_RESIZE.
    public func finishResize(_ ctx: RequestContext, instance: Instance, migration: Migration) async throws {
        // Usage changed on the move's nodes: report them now (Nova saves the compute node after each claim).
        let moved = [migration.sourceNode, migration.destNode].compactMap { $0 }
        defer { Task { await self.reportUsage(ctx, nodes: moved) } }
        try await withEvent(ctx, instance, "finish_resize") {
            var inst = instance
            let wasStopped = inst.vmState == .stopped
            if let nf = inst.newFlavor {
                inst.oldFlavor = inst.flavor
                inst.flavor = nf
                inst.vcpus = nf.vcpus
                inst.memoryMB = nf.memoryMB
                inst.rootGB = nf.int("root_gb")
                inst.ephemeralGB = nf.int("ephemeral_gb")
                inst.instanceTypeID = nf.id
            }
            inst.host = host
            inst.node = migration.destNode
            inst.taskState = .resizeFinish
            inst = try await save(ctx, inst, expecting: [.resizeMigrated])
            try await driver.finishMigration(instance: inst, powerOn: !wasStopped)
            inst.powerStateValue = await driver.powerState(instanceUUID: inst.uuid)
            inst.vmState = .resized
            inst.taskState = nil
            inst = try await save(ctx, inst, expecting: [.resizeFinish])
            var m = migration
            m.status = "finished"
            _ = try await conductor.migrationSave(ctx, m)
        }
    }

    /// Source: the move is kept; what the migration held here is freed.
    public func confirmResize(_ ctx: RequestContext, instance: Instance, migration: Migration) async throws {
        // Usage changed on the move's nodes: report them now (Nova saves the compute node after each claim).
        let moved = [migration.sourceNode, migration.destNode].compactMap { $0 }
        defer { Task { await self.reportUsage(ctx, nodes: moved) } }
        try await withEvent(ctx, instance, "confirm_resize") {
            if migration.destCompute != host { await driver.destroy(instanceUUID: "\(instance.uuid)") }
            await tracker.drop(migration.uuid)
            try await conductor.allocationsFree(ctx, consumer: migration.uuid)
            var inst = instance
            inst.vmState = inst.powerStateValue == .shutdown ? .stopped : .active
            inst.taskState = nil
            inst.oldFlavor = nil
            inst.newFlavor = nil
            _ = try await save(ctx, inst, expecting: [.resizeConfirming, nil])
            var m = migration
            m.status = "confirmed"
            _ = try await conductor.migrationSave(ctx, m)
        }
    }

    /// Destination: drop the new guest and its claim; the source brings the old one back.
    public func revertResize(_ ctx: RequestContext, instance: Instance, migration: Migration) async throws {
        // Usage changed on the move's nodes: report them now (Nova saves the compute node after each claim).
        let moved = [migration.sourceNode, migration.destNode].compactMap { $0 }
        defer { Task { await self.reportUsage(ctx, nodes: moved) } }
        try await withEvent(ctx, instance, "revert_resize") {
            if migration.sourceCompute != host { await driver.destroy(instanceUUID: instance.uuid) }
            await tracker.drop(instance.uuid)
            try await conductor.allocationsRevertMove(ctx, instanceUUID: instance.uuid, migrationUUID: migration.uuid)
            var m = migration
            m.status = "reverting"
            m = try await conductor.migrationSave(ctx, m)
            try await peers.finishRevertResize(ctx, host: m.sourceCompute ?? host, instance: instance, migration: m)
        }
    }

    /// Source: the guest is back with its old flavor, on its old node.
    public func finishRevertResize(_ ctx: RequestContext, instance: Instance, migration: Migration) async throws {
        // Usage changed on the move's nodes: report them now (Nova saves the compute node after each claim).
        let moved = [migration.sourceNode, migration.destNode].compactMap { $0 }
        defer { Task { await self.reportUsage(ctx, nodes: moved) } }
        try await withEvent(ctx, instance, "finish_revert_resize") {
            var inst = instance
            if let of = inst.oldFlavor {
                inst.flavor = of
                inst.vcpus = of.vcpus
                inst.memoryMB = of.memoryMB
                inst.rootGB = of.int("root_gb")
                inst.ephemeralGB = of.int("ephemeral_gb")
                inst.instanceTypeID = of.id
            }
            inst.oldFlavor = nil
            inst.newFlavor = nil
            inst.host = host
            inst.node = migration.sourceNode
            if let held = await tracker.holding(migration.uuid) {
                await tracker.drop(migration.uuid)
                try await tracker.claim(consumer: inst.uuid, node: held.node, amounts: held.amounts)
            }
            try await driver.finishMigration(instance: inst, powerOn: true)
            inst.powerStateValue = await driver.powerState(instanceUUID: inst.uuid)
            inst.vmState = .active
            inst.taskState = nil
            _ = try await save(ctx, inst, expecting: [.resizeReverting])
            var m = migration
            m.status = "reverted"
            _ = try await conductor.migrationSave(ctx, m)
        }
    }

    /// Evacuate: the server's host is down; recreate it here on `node` (claimed by the scheduler), then mark
    /// the migration `done` for the source to clean up when it returns. On failure the migration is
    /// `failed`; a server already moved here but not spawned goes to ERROR (as Nova's), else it stays.
    public func rebuildInstance(_ ctx: RequestContext, instance: Instance, recreate: Bool, node: String?,
                                migration: Migration?) async throws {
        do {
            try await rebuild(ctx, instance: instance, node: node, migration: migration)
        } catch {
            if let fresh = try? await conductor.instanceGetByUUID(ctx, instance.uuid), fresh.host == host {
                var failed = fresh
                failed.vmState = .error
                failed.taskState = nil
                _ = try? await save(ctx, failed, expecting: nil)
            } else {
                await tracker.drop(instance.uuid)
            }
            if var m = migration {
                m.status = "failed"
                _ = try? await conductor.migrationSave(ctx, m)
            }
            throw error
        }
    }

    private func rebuild(_ ctx: RequestContext, instance: Instance, node: String?, migration: Migration?)
        async throws
    {
        defer { Task { await self.reportUsage(ctx) } }
        try await withEvent(ctx, instance, "rebuild_instance") {
            var inst = instance
            let target = node ?? driver.nodenames.first ?? host
            try await tracker.claim(consumer: inst.uuid, node: target, amounts: ResourceAmounts(instance: inst))
            inst.host = host
            inst.node = target
            inst.taskState = .rebuildSpawning
            inst = try await save(ctx, inst, expecting: [.rebuilding, .rebuildSpawning])
            await driver.destroy(instanceUUID: inst.uuid)
            try await driver.spawn(instance: inst)
            inst.powerStateValue = await driver.powerState(instanceUUID: inst.uuid)
            inst.vmState = .active
            inst.taskState = nil
            inst.launchedAt = NovaTime.now()
            _ = try await save(ctx, inst, expecting: [.rebuildSpawning])
            if var m = migration {
                m.status = "done"
                _ = try await conductor.migrationSave(ctx, m)
            }
        }
    }
}
