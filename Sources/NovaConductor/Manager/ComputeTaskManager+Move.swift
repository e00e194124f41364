import Common
import Foundation

/// Resize and cold migrate (MigrationTask) and evacuate (rebuild on another host).
extension ComputeTaskManager {
    /// Resize (`flavor` set) or cold migrate: the source's allocations move to a new Migration, the scheduler
    /// picks and claims a destination for the new size, and the destination's prep_resize starts the move.
    public func migrateServer(_ ctx: RequestContext, instance: Instance, flavor: Flavor?,
                              requestSpec: RequestSpec?) async {
        let uuid = instance.uuid
        let newFlavor = flavor ?? instance.flavor ?? Flavor()
        var migration = Migration()
        migration.uuid = NovaUUID.generate()
        migration.set("instance_uuid", uuid)
        migration.sourceCompute = instance.host
        migration.sourceNode = instance.node
        migration.status = "pre-migrating"
        migration.migrationType = flavor == nil ? .migration : .resize
        migration.oldInstanceTypeID = instance.flavor?.id
        migration.newInstanceTypeID = newFlavor.id
        do {
            try await withEvent(uuid, "conductor_migrate_server") {
                migration = try await store.createMigration(migration)
                try await store.transferAllocations(from: uuid, to: migration.uuid)
                var spec = (try? await store.requestSpec(instanceUUID: uuid)) ?? requestSpec ?? RequestSpec()
                spec.instanceUUID = uuid
                spec.flavor = newFlavor
                spec.numInstances = 1
                spec.resetForcedDestinations()
                spec.ignoreHosts = instance.host.map { [$0] }
                let sels = try await scheduler.selectDestinations(ctx, requestSpec: spec, instanceUUIDs: [uuid],
                                                                  returnAlternates: false)
                guard let dest = sels.first?.first else { throw NoValidHost(reason: "No selection returned.") }
                migration = try await store.saveMigration(uuid: migration.uuid, changes: [
                    "dest_compute": .string(dest.serviceHost), "dest_node": .string(dest.nodename),
                ])
                let inst = try await store.saveInstance(uuid: uuid, changes: [
                    "new_flavor": newFlavor.toPrimitive(), "task_state": .string(TaskState.resizePrep.rawValue),
                ], expectedTaskState: [TaskState.resizePrep.rawValue, nil])
                try await computes.prepResize(ctx, host: dest.serviceHost, instance: inst, flavor: newFlavor,
                                              migration: migration, requestSpec: spec, node: dest.nodename)
            }
        } catch {
            Self.log.warning("Migration of instance \(uuid) failed: \(Self.describe(error))", context: ctx)
            try? await store.revertMoveClaim(instance: uuid, migration: migration.uuid)
            _ = try? await store.saveMigration(uuid: migration.uuid, changes: ["status": "error"])
            _ = try? await store.saveInstance(uuid: uuid, changes: ["task_state": .null], expectedTaskState: nil)
            try? await store.createFault(instanceUUID: uuid, code: 500, message: Self.describe(error),
                                         details: String(describing: error), host: nil)
        }
    }

    /// Evacuate: recreate on another host a server whose compute is down. The migration is written first
    /// (`accepted`), as Nova's tombstone for the source compute to find when it comes back; the scheduler's
    /// claim on the new host replaces the old host's allocations; the destination finishes it (`done`).
    /// When nothing fits the migration ends `error`, when the hand-over fails `failed`; the server stays.
    public func evacuate(_ ctx: RequestContext, instance: Instance, host: String?, requestSpec: RequestSpec?) async {
        let uuid = instance.uuid
        var m = Migration()
        m.uuid = NovaUUID.generate()
        m.set("instance_uuid", uuid)
        m.sourceCompute = instance.host
        m.sourceNode = instance.node
        m.destCompute = host
        m.status = "accepted"
        m.migrationType = .evacuation
        var created = false
        do {
            try await withEvent(uuid, "conductor_rebuild_server") {
                if let old = instance.host, try await store.isComputeUp(host: old) {
                    throw InvalidHostState(message: "Compute service of \(old) is still in use.", fields: [:])
                }
                m = try await store.createMigration(m)
                created = true
                var spec = (try? await store.requestSpec(instanceUUID: uuid)) ?? requestSpec ?? RequestSpec()
                spec.instanceUUID = uuid
                if spec.flavor == nil, let f = instance.flavor { spec.flavor = f }
                spec.numInstances = 1
                spec.resetForcedDestinations()
                spec.ignoreHosts = instance.host.map { [$0] }
                if let host { spec.forceHosts = [host] }
                let sels = try await scheduler.selectDestinations(ctx, requestSpec: spec, instanceUUIDs: [uuid],
                                                                  returnAlternates: false)
                guard let dest = sels.first?.first else { throw NoValidHost(reason: "No selection returned.") }
                m = try await store.saveMigration(uuid: m.uuid, changes: [
                    "dest_compute": .string(dest.serviceHost), "dest_node": .string(dest.nodename),
                    "status": "pre-migrating",
                ])
                let inst = try await store.saveInstance(uuid: uuid, changes: [
                    "task_state": .string(TaskState.rebuilding.rawValue),
                ], expectedTaskState: nil)
                try await computes.rebuildInstance(ctx, host: dest.serviceHost, instance: inst, recreate: true,
                                                   migration: m, node: dest.nodename)
            }
        } catch {
            Self.log.warning("Evacuation of instance \(uuid) failed: \(Self.describe(error))", context: ctx)
            if created {
                _ = try? await store.saveMigration(uuid: m.uuid, changes: [
                    "status": .string(error is NoValidHost ? "error" : "failed"),
                ])
            }
            _ = try? await store.saveInstance(uuid: uuid, changes: ["task_state": .null], expectedTaskState: nil)
            try? await store.createFault(instanceUUID: uuid, code: 500, message: Self.describe(error),
                                         details: String(describing: error), host: nil)
        }
    }
}

/// The host cannot take the request (`nova.exception.InvalidHostState`-like: its compute is still up).
public struct InvalidHostState: NovaRemoteError, Equatable {
    public static let remoteName = "InvalidHostState"
    public let message: String
    public let fields: [String: JSONValue]
    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}

/// Random version-4 UUIDs, lower-case as Nova writes them.
enum NovaUUID {
    static func generate() -> String { UUID().uuidString.lowercased() }
}
