import Common

/// Everything nova-api reads and writes in the database, as Common objects. The NovaDB-backed
/// implementation serves production; `MemoryComputeStore` serves tests and simulation.
///
/// Conventions: lookups of one thing throw `ComputeError` (`InstanceNotFound`, `FlavorNotFound`...) when it
/// does not exist (or is deleted); lists take a query and throw `MarkerNotFound` for an unknown marker;
/// writes that must not race (quota-counted creates, conditional task_state changes) are atomic.
public protocol ComputeAPIStore: Sendable {
    // MARK: servers

    /// A server with its `flavor`, `metadata`, `system_metadata` and latest `fault` (when any).
    /// `readDeleted` also finds soft-deleted rows (instance actions from 2.21).
    func instance(uuid: String, readDeleted: Bool) async throws -> Instance
    func instances(_ query: InstanceQuery) async throws -> [Instance]
    /// Writes the servers of one create request atomically with the quota check (see `InstanceCreation`);
    /// returns the stored servers (with `id`, `created_at`, `updated_at`).
    func createInstances(_ creation: InstanceCreation) async throws -> [Instance]
    /// Writes `changes` (field → primitive value), stamping `updated_at`. With `expectedTaskState` /
    /// `expectedVMState`, only when the stored state is one of them (else `UnexpectedTaskStateError` /
    /// `UnexpectedVMStateError`, 409). Returns the stored server.
    func saveInstance(
        uuid: String, changes: [String: JSONValue], expectedTaskState: [String?]?, expectedVMState: [String]?
    ) async throws -> Instance
    /// Deletes a server here, without a compute (never scheduled, or its compute is down): soft-deletes the
    /// row (vm_state deleted, task_state none, terminated_at), frees its allocations and its group membership.
    func destroyInstance(uuid: String) async throws -> Instance
    func requestSpec(instanceUUID: String) async throws -> RequestSpec?
    /// Tags of each of the servers (2.26); servers without tags may be absent from the answer.
    func tags(instanceUUIDs: [String]) async throws -> [String: [String]]
    /// Replaces a server's tags; returns them.
    func setTags(instanceUUID: String, _ tags: [String]) async throws -> [String]

    // MARK: instance actions and migrations

    /// Records the start of a user action (`reboot`, `stop`...) on a server.
    func recordAction(_ action: InstanceAction) async throws
    func actions(instanceUUID: String, _ query: ActionQuery) async throws -> [InstanceAction]
    func action(instanceUUID: String, requestID: String) async throws -> InstanceAction
    func events(actionID: Int) async throws -> [InstanceActionEvent]
    func migrations(_ query: MigrationQuery) async throws -> [Migration]
    func saveMigration(uuid: String, changes: [String: JSONValue]) async throws -> Migration

    // MARK: flavors

    func flavors(_ query: FlavorQuery) async throws -> [Flavor]
    /// By the API id (`flavorid`).
    func flavor(flavorID: String) async throws -> Flavor
    /// Throws `FlavorExists` (name) or `FlavorIdExists`.
    func createFlavor(_ flavor: Flavor) async throws -> Flavor
    func updateFlavor(flavorID: String, description: String?) async throws -> Flavor
    func deleteFlavor(flavorID: String) async throws
    /// Adds or replaces these extra specs; returns the flavor.
    func setFlavorExtraSpecs(flavorID: String, _ specs: [String: String]) async throws -> Flavor
    /// Throws `FlavorExtraSpecsNotFound` for an unknown key.
    func deleteFlavorExtraSpec(flavorID: String, key: String) async throws
    /// Throws `FlavorAccessExists`.
    func addFlavorAccess(flavorID: String, projectID: String) async throws -> Flavor
    /// Throws `FlavorAccessNotFound`.
    func removeFlavorAccess(flavorID: String, projectID: String) async throws -> Flavor

    // MARK: images (the read-only catalog)

    func images(_ query: CatalogImageQuery) async throws -> [Image]
    func image(id: String) async throws -> Image

    // MARK: key pairs

    /// The user's key pairs by name.
    func keypairs(userID: String, limit: Int?, marker: String?) async throws -> [KeyPair]
    func keypair(userID: String, name: String) async throws -> KeyPair
    /// Throws `KeyPairExists`, or `OverQuota` when the user already holds `maxPerUser` (-1 unlimited).
    func createKeypair(_ keypair: KeyPair, maxPerUser: Int) async throws -> KeyPair
    func deleteKeypair(userID: String, name: String) async throws

    // MARK: services and hypervisors

    func services(host: String?, binary: String?) async throws -> [Service]
    func service(id: Int) async throws -> Service
    func service(uuid: String) async throws -> Service
    /// Writes `changes` (`disabled`, `disabled_reason`, `forced_down`); returns the service.
    func updateService(id: Int, changes: [String: JSONValue]) async throws -> Service
    /// Deletes a service (a compute's nodes and aggregate memberships with it); `ComputeServiceInUse` when
    /// a compute still hosts servers.
    func deleteService(id: Int) async throws
    func computeNodes(_ query: ComputeNodeQuery) async throws -> [ComputeNode]
    func computeNode(id: Int) async throws -> ComputeNode
    func computeNode(uuid: String) async throws -> ComputeNode

    // MARK: aggregates

    func aggregates() async throws -> [Aggregate]
    func aggregate(id: Int) async throws -> Aggregate
    /// Throws `AggregateNameExists`. `metadata` holds `availability_zone` when one is given.
    func createAggregate(name: String, metadata: [String: String]) async throws -> Aggregate
    /// Renames (when `name` is set) and changes metadata: a nil value removes the key.
    func updateAggregate(id: Int, name: String?, metadata: [String: String?]) async throws -> Aggregate
    func deleteAggregate(id: Int) async throws
    /// Throws `AggregateHostExists`.
    func addAggregateHost(id: Int, host: String) async throws -> Aggregate
    /// Throws `AggregateHostNotFound`.
    func removeAggregateHost(id: Int, host: String) async throws -> Aggregate

    // MARK: server groups

    /// Nil: every project's groups.
    func serverGroups(projectID: String?) async throws -> [InstanceGroup]
    func serverGroup(uuid: String) async throws -> InstanceGroup
    /// `OverQuota` when the project already has `maxPerProject` groups (-1 unlimited).
    func createServerGroup(_ group: InstanceGroup, maxPerProject: Int) async throws -> InstanceGroup
    func deleteServerGroup(uuid: String) async throws

    // MARK: quotas

    /// What the project (and, for key pairs, the user) uses now.
    func quotaUsage(projectID: String, userID: String?) async throws -> QuotaUsage
    /// The limits set for a project (userID nil) or for one user of it; resources not set are absent.
    func quotaOverrides(projectID: String, userID: String?) async throws -> [String: Int]
    func setQuotaOverrides(projectID: String, userID: String?, _ limits: [String: Int]) async throws
    func deleteQuotaOverrides(projectID: String, userID: String?) async throws
}
