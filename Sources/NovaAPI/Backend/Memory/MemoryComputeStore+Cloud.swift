import Common
import Foundation

/// Services, hypervisors, aggregates, server groups and quotas.
extension MemoryComputeStore {
    public func services(host: String?, binary: String?) -> [Service] {
        servicesByID.values.filter { s in
            !s.deleted && (host == nil || s.host == host) && (binary == nil || s.binary == binary)
        }.sorted { $0.id < $1.id }
    }

    public func service(id: Int) throws -> Service {
        guard let s = servicesByID[id], !s.deleted else { throw ComputeError.serviceNotFound("\(id)") }
        return s
    }

    public func service(uuid: String) throws -> Service {
        guard let s = servicesByID.values.first(where: { $0.uuid == uuid && !$0.deleted }) else {
            throw ComputeError.serviceNotFound(uuid)
        }
        return s
    }

    public func updateService(id: Int, changes: [String: JSONValue]) throws -> Service {
        var s = try service(id: id)
        for (k, v) in changes { s[k] = v }
        s.updatedAt = clock()
        servicesByID[id] = s
        return s
    }

    public func deleteService(id: Int) throws {
        let s = try service(id: id)
        if s.binary == "nova-compute", let host = s.host {
            if instancesByUUID.values.contains(where: { $0.host == host && !$0.deleted }) {
                throw ComputeError.computeServiceInUse(host)
            }
            for (nid, n) in nodesByID where n.host == host { nodesByID[nid] = nil }
            for (aid, var a) in aggregatesByID where a.hosts?.contains(host) == true {
                a.hosts = a.hosts?.filter { $0 != host }
                aggregatesByID[aid] = a
            }
        }
        servicesByID[id] = nil
    }

    public func computeNodes(_ q: ComputeNodeQuery) throws -> [ComputeNode] {
        let matching = nodesByID.values.filter { n in
            !n.deleted && (q.hostnamePattern.map { (n.hypervisorHostname ?? "").contains($0) } ?? true)
        }.sorted { $0.id < $1.id }
        return try Self.page(matching, limit: q.limit, marker: q.marker) { n in
            // Markers are ids before 2.53 and uuids from it: accept either.
            q.marker.map { Int($0) != nil ? "\(n.id)" : n.uuid } ?? n.uuid
        }
    }

    public func computeNode(id: Int) throws -> ComputeNode {
        guard let n = nodesByID[id], !n.deleted else { throw ComputeError.hypervisorNotFound("\(id)") }
        return n
    }

    public func computeNode(uuid: String) throws -> ComputeNode {
        guard let n = nodesByID.values.first(where: { $0.uuid == uuid && !$0.deleted }) else {
            throw ComputeError.hypervisorNotFound(uuid)
        }
        return n
    }

    // MARK: aggregates

    public func aggregates() -> [Aggregate] { aggregatesByID.values.sorted { $0.id < $1.id } }

    public func aggregate(id: Int) throws -> Aggregate {
        guard let a = aggregatesByID[id] else { throw ComputeError.aggregateNotFound(id) }
        return a
    }

    public func createAggregate(name: String, metadata: [String: String]) throws -> Aggregate {
        if aggregatesByID.values.contains(where: { $0.name == name }) { throw ComputeError.aggregateNameExists(name) }
        var a = Aggregate()
        a.name = name
        a.metadata = metadata
        a.hosts = []
        return add(aggregate: a)
    }

    public func updateAggregate(id: Int, name: String?, metadata: [String: String?]) throws -> Aggregate {
        var a = try aggregate(id: id)
        if let name {
            if aggregatesByID.values.contains(where: { $0.name == name && $0.id != id }) {
                throw ComputeError.aggregateNameExists(name)
            }
            a.name = name
        }
        if !metadata.isEmpty {
            var m = a.metadata ?? [:]
            for (k, v) in metadata { m[k] = v }
            a.metadata = m
        }
        a.updatedAt = clock()
        aggregatesByID[id] = a
        return a
    }

    public func deleteAggregate(id: Int) throws {
        _ = try aggregate(id: id)
        aggregatesByID[id] = nil
    }

    public func addAggregateHost(id: Int, host: String) throws -> Aggregate {
        var a = try aggregate(id: id)
        if a.hosts?.contains(host) == true { throw ComputeError.aggregateHostExists(id, host: host) }
        a.hosts = (a.hosts ?? []) + [host]
        aggregatesByID[id] = a
        return a
    }

    public func removeAggregateHost(id: Int, host: String) throws -> Aggregate {
        var a = try aggregate(id: id)
        guard a.hosts?.contains(host) == true else { throw ComputeError.aggregateHostNotFound(id, host: host) }
        a.hosts = a.hosts?.filter { $0 != host }
        aggregatesByID[id] = a
        return a
    }

    // MARK: server groups

    public func serverGroups(projectID: String?) -> [InstanceGroup] {
        groupsByUUID.values.filter { projectID == nil || $0.projectID == projectID }.sorted { $0.id < $1.id }
    }

    public func serverGroup(uuid: String) throws -> InstanceGroup {
        guard let g = groupsByUUID[uuid] else { throw ComputeError.instanceGroupNotFound(uuid) }
        return g
    }

    public func createServerGroup(_ group: InstanceGroup, maxPerProject: Int) throws -> InstanceGroup {
        let used = groupsByUUID.values.filter { $0.projectID == group.projectID }.count
        if maxPerProject >= 0, used >= maxPerProject {
            throw ComputeError.overQuota("Quota exceeded, too many server groups.")
        }
        var g = group
        g.id = nextID()
        if !g.isSet("uuid") { g.uuid = UUID().uuidString.lowercased() }
        g.createdAt = clock()
        if !g.isSet("members") { g.members = [] }
        groupsByUUID[g.uuid] = g
        return g
    }

    public func deleteServerGroup(uuid: String) throws {
        _ = try serverGroup(uuid: uuid)
        groupsByUUID[uuid] = nil
    }

    // MARK: quotas

    public func quotaUsage(projectID: String, userID: String?) -> QuotaUsage {
        var u = QuotaUsage()
        for i in instancesByUUID.values where i.projectID == projectID && !i.deleted {
            u.instances += 1
            u.cores += i.vcpus ?? i.flavor?.vcpus ?? 0
            u.ram += i.memoryMB ?? i.flavor?.memoryMB ?? 0
        }
        if let userID { u.keyPairs = keypairsByUser[userID]?.count ?? 0 }
        u.serverGroups = groupsByUUID.values.filter { $0.projectID == projectID }.count
        return u
    }

    public func quotaOverrides(projectID: String, userID: String?) -> [String: Int] {
        quotaOverridesByKey[Self.quotaKey(projectID, userID)] ?? [:]
    }

    public func setQuotaOverrides(projectID: String, userID: String?, _ limits: [String: Int]) {
        quotaOverridesByKey[Self.quotaKey(projectID, userID), default: [:]].merge(limits) { _, new in new }
    }

    public func deleteQuotaOverrides(projectID: String, userID: String?) {
        quotaOverridesByKey[Self.quotaKey(projectID, userID)] = nil
        if userID == nil {
            for key in quotaOverridesByKey.keys where key.hasPrefix(projectID + "/") { quotaOverridesByKey[key] = nil }
        }
    }
}
