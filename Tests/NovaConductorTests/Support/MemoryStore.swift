import Common
import Foundation
@testable import NovaConductor

/// A ConductorStore in memory, with claims checked against node inventory as the database does.
final class MemoryStore: ConductorStore {
    struct State {
        var instances: [String: Instance] = [:]
        var migrations: [String: Migration] = [:]
        var events: [(String, String, String)] = []
        var faults: [String: String] = [:]
        var allocations: [String: (node: String, amounts: [Int])] = [:]
        var capacity: [String: [Int]] = [:]
        var nodes: [String: ComputeNode] = [:]
        var services: [String: Service] = [:]
        var upHosts: Set<String> = []
        var specs: [String: RequestSpec] = [:]
    }
    let state = Locked(State())

    func instance(uuid: String) async throws -> Instance {
        guard let i = state.withLock({ $0.instances[uuid] }) else { throw InstanceNotFound(instanceID: uuid) }
        return i
    }

    func saveInstance(uuid: String, changes: [String: JSONValue], expectedTaskState: [String?]?) async throws
        -> Instance
    {
        try state.withLock { s in
            guard var i = s.instances[uuid] else { throw InstanceNotFound(instanceID: uuid) }
            if let exp = expectedTaskState, !exp.contains(i.taskState?.rawValue) {
                throw UnexpectedTaskStateError(instanceUUID: uuid, expected: exp, actual: i.taskState?.rawValue)
            }
            for (k, v) in changes { i.storage.values[k] = v }
            i.resetChanges()
            s.instances[uuid] = i
            return i
        }
    }

    func instances(host: String) async throws -> [Instance] {
        state.withLock { $0.instances.values.filter { $0.host == host && !$0.bool("deleted")! } }
    }

    func destroyInstance(uuid: String) async throws -> Instance {
        try state.withLock { s in
            guard var i = s.instances[uuid] else { throw InstanceNotFound(instanceID: uuid) }
            i.set("deleted", true)
            s.instances[uuid] = i
            s.allocations[uuid] = nil
            return i
        }
    }

    func requestSpec(instanceUUID: String) async throws -> RequestSpec? { state.withLock { $0.specs[instanceUUID] } }

    func createMigration(_ m: Migration) async throws -> Migration {
        state.withLock { $0.migrations[m.uuid] = m }
        return m
    }

    func saveMigration(uuid: String, changes: [String: JSONValue]) async throws -> Migration {
        state.withLock { s in
            var m = s.migrations[uuid] ?? Migration()
            for (k, v) in changes { m.storage.values[k] = v }
            s.migrations[uuid] = m
            return m
        }
    }

    func migrationsInProgress(host: String) async throws -> [Migration] {
        state.withLock { s in
            s.migrations.values.filter {
                ($0.sourceCompute == host || $0.destCompute == host)
                    && !["confirmed", "reverted", "error", "done"].contains($0.status ?? "")
            }
        }
    }

    func migrations(sourceCompute: String, statuses: [String]?, migrationType: String?) async throws -> [Migration] {
        state.withLock { s in
            s.migrations.values.filter { m in
                m.sourceCompute == sourceCompute && (statuses.map { $0.contains(m.status ?? "") } ?? true)
                    && (migrationType.map { m.string("migration_type") == $0 } ?? true)
            }
        }
    }

    func eventStart(instanceUUID: String, event: String, host: String?) async throws {}

    func eventFinish(instanceUUID: String, event: String, host: String?, result: String, details: String?)
        async throws
    {
        state.withLock { $0.events.append((instanceUUID, event, result)) }
    }

    func createFault(instanceUUID: String, code: Int, message: String, details: String?, host: String?)
        async throws
    {
        state.withLock { $0.faults[instanceUUID] = message }
    }

    func failBuild(uuid: String, message: String, details: String?) async throws -> Bool {
        state.withLock { s in
            defer { if s.instances[uuid]?.host == nil { s.allocations[uuid] = nil } }
            guard var i = s.instances[uuid], i.bool("deleted") != true, i.vmState == .building else { return false }
            i.vmState = .error
            i.taskState = nil
            i.host = nil
            i.node = nil
            i.resetChanges()
            s.instances[uuid] = i
            s.faults[uuid] = message
            return true
        }
    }

    func failUnscheduledBuilds(createdBefore cutoff: Date, message: String) async throws -> [String] {
        let stale = state.withLock { s in
            s.instances.values.filter {
                $0.vmState == .building && $0.host == nil && $0.bool("deleted") != true
                    && ($0.createdAt ?? .distantFuture) < cutoff
            }.map(\.uuid)
        }
        for u in stale { _ = try await failBuild(uuid: u, message: message, details: nil) }
        return stale
    }

    func claim(consumer: String, nodeUUID: String, vcpus: Int, memoryMB: Int, diskGB: Int) async throws {
        try state.withLock { s in
            s.allocations[consumer] = nil
            let cap = s.capacity[nodeUUID] ?? [0, 0, 0]
            let used = s.allocations.values.filter { $0.node == nodeUUID }.reduce([0, 0, 0]) {
                [$0[0] + $1.amounts[0], $0[1] + $1.amounts[1], $0[2] + $1.amounts[2]]
            }
            let want = [vcpus, memoryMB, diskGB]
            for k in 0..<3 where used[k] + want[k] > cap[k] { throw NoValidHost(reason: "claim does not fit") }
            s.allocations[consumer] = (nodeUUID, want)
        }
    }

    func transferAllocations(from instance: String, to migration: String) async throws {
        state.withLock { s in
            s.allocations[migration] = s.allocations[instance]
            s.allocations[instance] = nil
        }
    }

    func revertMoveClaim(instance: String, migration: String) async throws {
        state.withLock { s in
            s.allocations[instance] = s.allocations[migration]
            s.allocations[migration] = nil
        }
    }

    func freeAllocations(consumer: String) async throws { state.withLock { _ = $0.allocations[consumer] = nil } }

    func reportService(_ service: Service) async throws -> Service {
        state.withLock { $0.services["\(service.host ?? "")/\(service.binary ?? "")"] = service }
        return service
    }

    func updateComputeNode(_ node: ComputeNode, inventory: JSONValue) async throws -> ComputeNode {
        state.withLock { s in
            let key = node.hypervisorHostname ?? ""
            var n = node
            n.uuid = s.nodes[key]?.uuid ?? "uuid-\(key)"
            s.nodes[key] = n
            return n
        }
    }

    func computeNode(host: String, nodename: String) async throws -> ComputeNode? {
        state.withLock { $0.nodes[nodename] }
    }

    /// Down unless `setUp` said otherwise (the flows here evacuate from hosts whose compute runs on).
    func isComputeUp(host: String) async throws -> Bool { state.withLock { $0.upHosts.contains(host) } }

    // Test helpers
    func setUp(_ host: String) { state.withLock { _ = $0.upHosts.insert(host) } }
    func setRequestSpec(_ spec: RequestSpec) { state.withLock { $0.specs[spec.instanceUUID] = spec } }
    func migrations(of uuid: String) -> [Migration] {
        state.withLock { $0.migrations.values.filter { $0.string("instance_uuid") == uuid } }
    }
    func add(_ i: Instance) { state.withLock { $0.instances[i.uuid] = i } }
    func setCapacity(node: String, _ c: [Int]) { state.withLock { $0.capacity[node] = c } }
    func allocation(_ consumer: String) -> String? { state.withLock { $0.allocations[consumer]?.node } }
    func fault(_ uuid: String) -> String? { state.withLock { $0.faults[uuid] } }
    func events(_ uuid: String) -> [(String, String)] {
        state.withLock { $0.events.filter { $0.0 == uuid }.map { ($0.1, $0.2) } }
    }
}
