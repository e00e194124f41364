import Common
import Foundation

extension MemoryComputeStore {
    public func instance(uuid: String, readDeleted: Bool) throws -> Instance {
        guard let i = instancesByUUID[uuid], readDeleted || !i.deleted else {
            throw ComputeError.instanceNotFound(uuid)
        }
        return i
    }

    public func instances(_ query: InstanceQuery) throws -> [Instance] {
        let nameRegex = try query.nameRegex.map { pattern in
            do { return try NSRegularExpression(pattern: pattern) } catch {
                throw ComputeError("InvalidInput", status: 400, "Invalid input received: invalid regex \(pattern)")
            }
        }
        var regexes: [String: NSRegularExpression] = [:]
        for (field, pattern) in query.regexFilters {
            guard let re = try? NSRegularExpression(pattern: pattern) else {
                throw ComputeError("InvalidInput", status: 400, "Invalid input received: invalid regex \(pattern)")
            }
            regexes[field] = re
        }
        let matching = instancesByUUID.values.filter { i in
            Self.matches(i, query, tags: tagsByInstance[i.uuid] ?? [], nameRegex: nameRegex)
                && regexes.allSatisfy { field, re in Self.search(re, Self.text(i[field])) }
        }
        return try Self.page(
            Self.sorted(Array(matching), by: query.sort), limit: query.limit, marker: query.marker, key: \.uuid)
    }

    static func search(_ re: NSRegularExpression, _ text: String) -> Bool {
        re.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// A stored value as the text a regex filter sees (the database column's text).
    static func text(_ v: JSONValue?) -> String {
        switch v {
        case .string(let s)?: s
        case .int(let i)?: String(i)
        case .bool(let b)?: b ? "1" : "0"
        case .double(let d)?: String(d)
        default: ""
        }
    }

    static func matches(_ i: Instance, _ q: InstanceQuery, tags: [String], nameRegex: NSRegularExpression?) -> Bool {
        switch q.deleted {
        case .no: if i.deleted { return false }
        case .only: if !i.deleted { return false }
        case .yes: break
        }
        if let p = q.projectID, i.projectID != p { return false }
        if let u = q.userID, i.userID != u { return false }
        if let uuids = q.uuids, !uuids.contains(i.uuid) { return false }
        if let re = nameRegex, !search(re, i.displayName ?? "") { return false }
        if let vms = q.vmStates, !vms.contains(i.vmState?.rawValue ?? "") { return false }
        if let tasks = q.taskStates, !tasks.contains(i.taskState?.rawValue) { return false }
        if let t = q.instanceTypeID, i.instanceTypeID != t { return false }
        if let image = q.imageRef, i.imageRef != image { return false }
        if let h = q.host, i.host != h { return false }
        if let n = q.node, i.node != n { return false }
        if let p = q.powerStates, !p.contains(i.powerState ?? 0) { return false }
        if let l = q.locked, i.locked != l { return false }
        if let since = q.changesSince, (i.updatedAt ?? .distantPast) < since { return false }
        if let before = q.changesBefore, (i.updatedAt ?? .distantPast) > before { return false }
        let have = Set(tags)
        if !q.tags.isEmpty, !q.tags.allSatisfy(have.contains) { return false }
        if !q.tagsAny.isEmpty, !q.tagsAny.contains(where: have.contains) { return false }
        if !q.notTags.isEmpty, q.notTags.allSatisfy(have.contains) { return false }
        if !q.notTagsAny.isEmpty, q.notTagsAny.contains(where: have.contains) { return false }
        return true
    }

    public func createInstances(_ c: InstanceCreation) throws -> [Instance] {
        guard let first = c.instances.first, let project = first.projectID else { return [] }
        let flavor = first.flavor ?? Flavor()
        var count = try InstanceQuota.allowedCount(
            vcpus: flavor.vcpus, memoryMB: flavor.memoryMB, minCount: c.minCount, maxCount: c.requestedMaxCount,
            limits: c.limits, usage: quotaUsage(projectID: project, userID: nil))
        count = min(count, c.instances.count)
        if let groupUUID = c.serverGroupUUID {
            guard var group = groupsByUUID[groupUUID] else { throw ComputeError.instanceGroupNotFound(groupUUID) }
            let members = group.members ?? []
            if c.serverGroupMemberLimit >= 0 {
                let room = c.serverGroupMemberLimit - members.count
                if room < c.minCount { throw InstanceQuota.groupFull }
                count = min(count, room)
            }
            group.members = members + c.instances.prefix(count).map(\.uuid)
            groupsByUUID[groupUUID] = group
        }
        var stored: [Instance] = []
        for (n, var i) in c.instances.prefix(count).enumerated() {
            i.id = nextID()
            i.createdAt = clock()
            i.updatedAt = i.createdAt
            i.setDefaults()
            instancesByUUID[i.uuid] = i
            if n < c.requestSpecs.count { specs[i.uuid] = c.requestSpecs[n] }
            if !c.tags.isEmpty { tagsByInstance[i.uuid] = c.tags }
            var action = c.action
            action.id = nextID()
            action.set("instance_uuid", i.uuid)
            action.createdAt = clock()
            actionList.append(action)
            stored.append(i)
        }
        return stored
    }

    public func saveInstance(
        uuid: String, changes: [String: JSONValue], expectedTaskState: [String?]?, expectedVMState: [String]?
    ) throws -> Instance {
        guard var i = instancesByUUID[uuid], !i.deleted else { throw ComputeError.instanceNotFound(uuid) }
        if let expected = expectedTaskState, !expected.contains(i.taskState?.rawValue) {
            throw ComputeError.unexpectedTaskState(uuid, expected: expected, actual: i.taskState?.rawValue)
        }
        if let expected = expectedVMState, !expected.contains(i.vmState?.rawValue ?? "") {
            throw ComputeError.unexpectedVMState(uuid, expected: expected, actual: i.vmState?.rawValue)
        }
        for (k, v) in changes { i[k] = v }
        i.updatedAt = clock()
        instancesByUUID[uuid] = i
        return i
    }

    public func destroyInstance(uuid: String) throws -> Instance {
        guard var i = instancesByUUID[uuid], !i.deleted else { throw ComputeError.instanceNotFound(uuid) }
        let now = clock()
        i.vmState = .deleted
        i.taskState = nil
        i.terminatedAt = now
        i.deletedAt = now
        i.updatedAt = now
        i.deleted = true
        instancesByUUID[uuid] = i
        freedAllocations.append(uuid)
        for (id, var g) in groupsByUUID where g.members?.contains(uuid) == true {
            g.members = g.members?.filter { $0 != uuid }
            groupsByUUID[id] = g
        }
        return i
    }

    public func requestSpec(instanceUUID: String) -> RequestSpec? { specs[instanceUUID] }

    public func tags(instanceUUIDs: [String]) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for u in instanceUUIDs { if let t = tagsByInstance[u] { out[u] = t } }
        return out
    }

    public func setTags(instanceUUID: String, _ tags: [String]) throws -> [String] {
        guard instancesByUUID[instanceUUID].map({ !$0.deleted }) == true else {
            throw ComputeError.instanceNotFound(instanceUUID)
        }
        var seen = Set<String>()
        let unique = tags.filter { seen.insert($0).inserted }
        tagsByInstance[instanceUUID] = unique
        return unique
    }

    // MARK: actions and migrations

    public func recordAction(_ action: InstanceAction) {
        var a = action
        a.id = nextID()
        if !a.isSet("created_at") { a.createdAt = clock() }
        actionList.append(a)
    }

    public func actions(instanceUUID: String, _ query: ActionQuery) throws -> [InstanceAction] {
        let mine = actionList.filter { a in
            guard a.instanceUUID == instanceUUID else { return false }
            let changed = a.updatedAt ?? a.createdAt ?? .distantPast
            if let since = query.changesSince, changed < since { return false }
            if let before = query.changesBefore, changed > before { return false }
            return true
        }
        let newestFirst = Self.sorted(mine, by: [SortKey("created_at", ascending: false)])
        return try Self.page(newestFirst, limit: query.limit, marker: query.marker, key: { $0.requestID ?? "" })
    }

    public func action(instanceUUID: String, requestID: String) throws -> InstanceAction {
        guard let a = actionList.last(where: { $0.instanceUUID == instanceUUID && $0.requestID == requestID }) else {
            throw ComputeError.instanceActionNotFound(requestID: requestID, instanceUUID: instanceUUID)
        }
        return a
    }

    public func events(actionID: Int) -> [InstanceActionEvent] {
        Self.sorted(eventList.filter { $0.actionID == actionID }, by: [SortKey("start_time", ascending: false)])
    }

    public func migrations(_ q: MigrationQuery) throws -> [Migration] {
        let matching = migrationsByUUID.values.filter { m in
            if m.hidden { return false }
            if let h = q.host, m.sourceCompute != h && m.destCompute != h { return false }
            if let s = q.sourceCompute, m.sourceCompute != s { return false }
            if let s = q.status, m.status != s { return false }
            if let u = q.instanceUUID, m.instanceUUID != u { return false }
            if let t = q.migrationType, m.migrationType?.rawValue != t { return false }
            if let u = q.userID, m.userID != u { return false }
            if let p = q.projectID, m.projectID != p { return false }
            let changed = m.updatedAt ?? m.createdAt ?? .distantPast
            if let since = q.changesSince, changed < since { return false }
            if let before = q.changesBefore, changed > before { return false }
            return true
        }
        let newestFirst = Self.sorted(Array(matching), by: [SortKey("created_at", ascending: false)])
        return try Self.page(newestFirst, limit: q.limit, marker: q.marker, key: \.uuid)
    }

    public func saveMigration(uuid: String, changes: [String: JSONValue]) throws -> Migration {
        guard var m = migrationsByUUID[uuid] else { throw ComputeError.migrationNotFound(uuid) }
        for (k, v) in changes { m[k] = v }
        m.updatedAt = clock()
        migrationsByUUID[uuid] = m
        return m
    }
}
