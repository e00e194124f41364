import Common
import Foundation

/// The stored state the conductor reads and writes, for itself and on behalf of nova-compute. The
/// database-backed implementation sits on NovaDB; tests use an in-memory one.
public protocol ConductorStore: Sendable {
    func instance(uuid: String) async throws -> Instance
    /// Writes `changes` to the instance; with `expectedTaskState`, only if its task_state is one of them
    /// (throws `UnexpectedTaskStateError` otherwise). Returns the stored instance.
    func saveInstance(uuid: String, changes: [String: JSONValue], expectedTaskState: [String?]?) async throws
        -> Instance
    func instances(host: String) async throws -> [Instance]
    /// Soft-deletes the instance and frees every allocation it holds.
    func destroyInstance(uuid: String) async throws -> Instance
    func requestSpec(instanceUUID: String) async throws -> RequestSpec?
    func createMigration(_ m: Migration) async throws -> Migration
    func saveMigration(uuid: String, changes: [String: JSONValue]) async throws -> Migration
    func migrationsInProgress(host: String) async throws -> [Migration]
    /// Migrations from `sourceCompute`, of `migrationType` and in `statuses` when given.
    func migrations(sourceCompute: String, statuses: [String]?, migrationType: String?) async throws -> [Migration]
    func eventStart(instanceUUID: String, event: String, host: String?) async throws
    func eventFinish(instanceUUID: String, event: String, host: String?, result: String, details: String?)
        async throws
    func createFault(instanceUUID: String, code: Int, message: String, details: String?, host: String?) async throws
    /// A build that will not reach a compute: ERROR with a fault, no host, no allocation, in one step. Only a
    /// server still building changes (returns whether it did); a gone or hostless one loses its allocations.
    func failBuild(uuid: String, message: String, details: String?) async throws -> Bool
    /// `failBuild` for every server still building on no host that was created before `cutoff`; their uuids.
    func failUnscheduledBuilds(createdBefore cutoff: Date, message: String) async throws -> [String]
    /// Claims `amounts` for `consumer` on the node `nodeUUID`, replacing what it held anywhere.
    func claim(consumer: String, nodeUUID: String, vcpus: Int, memoryMB: Int, diskGB: Int) async throws
    /// Before a move is scheduled: what `instance` holds on its source moves to `migration`, so the
    /// scheduler's claim for the instance on the destination does not replace it.
    func transferAllocations(from instance: String, to migration: String) async throws
    func revertMoveClaim(instance: String, migration: String) async throws
    func freeAllocations(consumer: String) async throws
    /// Heartbeat: creates the row on first report, then bumps report_count and updated_at.
    func reportService(_ service: Service) async throws -> Service
    /// Creates or updates the node (by host + hypervisor_hostname) and its inventory for claims.
    func updateComputeNode(_ node: ComputeNode, inventory: JSONValue) async throws -> ComputeNode
    func computeNode(host: String, nodename: String) async throws -> ComputeNode?
    /// Whether the compute service of `host` is up (heartbeat younger than service_down_time, not forced down).
    func isComputeUp(host: String) async throws -> Bool
}
