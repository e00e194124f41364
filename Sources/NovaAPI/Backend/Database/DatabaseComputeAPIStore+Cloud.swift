import Common
import Foundation
import NovaDB

/// Services, hypervisors, aggregates, server groups and quotas.
extension DatabaseComputeAPIStore {
    public func services(host: String?, binary: String?) async throws -> [Service] {
        try await run { try await store.services(binary: binary, host: host) }
    }

    public func service(id: Int) async throws -> Service {
        try await run { try await store.service(id: id) }
    }

    public func service(uuid: String) async throws -> Service {
        try await run { try await store.service(uuid: uuid) }
    }

    public func updateService(id: Int, changes: [String: JSONValue]) async throws -> Service {
        try await run { try await store.saveService(id: id, changes: changes) }
    }

    public func deleteService(id: Int) async throws {
        try await run { try await store.removeService(id: id) }
    }

    public func computeNodes(_ q: ComputeNodeQuery) async throws -> [ComputeNode] {
        try await run {
            try await store.computeNodes(hostnameContaining: q.hostnamePattern, limit: q.limit, marker: q.marker)
        }
    }

    public func computeNode(id: Int) async throws -> ComputeNode {
        try await run { try await store.computeNode(id: id) }
    }

    public func computeNode(uuid: String) async throws -> ComputeNode {
        try await run { try await store.computeNode(uuid: uuid) }
    }

    // MARK: aggregates

    public func aggregates() async throws -> [Aggregate] {
        try await run { try await store.aggregates() }
    }

    public func aggregate(id: Int) async throws -> Aggregate {
        try await run { try await store.aggregate(id: id) }
    }

    public func createAggregate(name: String, metadata: [String: String]) async throws -> Aggregate {
        try await run {
            let created = try await store.createAggregate(name: name, availabilityZone: metadata["availability_zone"])
            let rest = metadata.filter { $0.key != "availability_zone" }
            if rest.isEmpty { return created }
            return try await store.updateAggregateMetadata(id: created.id, rest.mapValues { Optional($0) })
        }
    }

    public func updateAggregate(id: Int, name: String?, metadata: [String: String?]) async throws -> Aggregate {
        try await run {
            var updated = try await store.updateAggregate(id: id, name: name)
            if !metadata.isEmpty { updated = try await store.updateAggregateMetadata(id: id, metadata) }
            return updated
        }
    }

    public func deleteAggregate(id: Int) async throws {
        try await run { try await store.deleteAggregate(id: id) }
    }

    public func addAggregateHost(id: Int, host: String) async throws -> Aggregate {
        try await run { try await store.addAggregateHost(id: id, host: host) }
    }

    public func removeAggregateHost(id: Int, host: String) async throws -> Aggregate {
        try await run { try await store.removeAggregateHost(id: id, host: host) }
    }

    // MARK: server groups

    public func serverGroups(projectID: String?) async throws -> [InstanceGroup] {
        try await run { try await store.instanceGroups(projectID: projectID) }
    }

    public func serverGroup(uuid: String) async throws -> InstanceGroup {
        try await run { try await store.instanceGroup(uuid: uuid) }
    }

    public func createServerGroup(_ group: InstanceGroup, maxPerProject: Int) async throws -> InstanceGroup {
        try await run {
            try await store.createInstanceGroup(group) { count in
                if maxPerProject >= 0, count >= maxPerProject {
                    throw ComputeError.overQuota("Quota exceeded, too many server groups.")
                }
            }
        }
    }

    public func deleteServerGroup(uuid: String) async throws {
        try await run { try await store.deleteInstanceGroup(uuid: uuid) }
    }

    // MARK: quotas

    /// Instances, cores and RAM of the whole project; key pairs of the user (they are per user).
    public func quotaUsage(projectID: String, userID: String?) async throws -> QuotaUsage {
        try await run {
            let project = try await store.quotaUsage(projectID: projectID)
            var keyPairs = 0
            if let userID { keyPairs = try await store.keyPairCount(userID: userID) }
            return QuotaUsage(
                instances: project.instances, cores: project.cores, ram: project.ramMB, keyPairs: keyPairs,
                serverGroups: project.serverGroups)
        }
    }

    public func quotaOverrides(projectID: String, userID: String?) async throws -> [String: Int] {
        try await run {
            if let userID { return try await store.userQuotas(projectID: projectID, userID: userID) }
            return try await store.projectQuotas(projectID: projectID)
        }
    }

    public func setQuotaOverrides(projectID: String, userID: String?, _ limits: [String: Int]) async throws {
        try await run { try await store.setQuotas(projectID: projectID, userID: userID, limits) }
    }

    public func deleteQuotaOverrides(projectID: String, userID: String?) async throws {
        try await run { try await store.deleteQuotas(projectID: projectID, userID: userID) }
    }
}
