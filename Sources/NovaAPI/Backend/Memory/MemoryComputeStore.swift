import Common
import Foundation

/// `ComputeAPIStore` in memory: the store of controller tests and of a database-less simulation. One
/// actor, so every operation (quota-checked creates included) is atomic. Tests seed it with `add(...)`.
public actor MemoryComputeStore: ComputeAPIStore {
    var instancesByUUID: [String: Instance] = [:]
    var specs: [String: RequestSpec] = [:]
    var tagsByInstance: [String: [String]] = [:]
    var actionList: [InstanceAction] = []
    var eventList: [InstanceActionEvent] = []
    var migrationsByUUID: [String: Migration] = [:]
    var flavorsByFlavorID: [String: Flavor] = [:]
    var imagesByID: [String: Image] = [:]
    var keypairsByUser: [String: [String: KeyPair]] = [:]
    var servicesByID: [Int: Service] = [:]
    var nodesByID: [Int: ComputeNode] = [:]
    var aggregatesByID: [Int: Aggregate] = [:]
    var groupsByUUID: [String: InstanceGroup] = [:]
    var quotaOverridesByKey: [String: [String: Int]] = [:]
    /// Consumers whose allocations were freed (local deletes), in order: tests check them.
    public internal(set) var freedAllocations: [String] = []
    var lastID = 0
    let clock: @Sendable () -> Date

    public init(clock: @escaping @Sendable () -> Date = { NovaTime.now() }) {
        self.clock = clock
    }

    func nextID() -> Int {
        lastID += 1
        return lastID
    }

    // MARK: seeding (tests and simulation)

    @discardableResult
    public func add(flavor: Flavor) -> Flavor {
        var f = flavor
        if !f.isSet("id") { f.id = nextID() }
        if !f.isSet("created_at") { f.createdAt = clock() }
        f.setDefaults()
        flavorsByFlavorID[f.flavorID] = f
        return f
    }

    @discardableResult
    public func add(image: Image) -> Image {
        var i = image
        if !i.isSet("created_at") { i.createdAt = clock() }
        if !i.isSet("updated_at") { i.updatedAt = i.createdAt }
        i.setDefaults()
        imagesByID[i.id] = i
        return i
    }

    @discardableResult
    public func add(service: Service) -> Service {
        var s = service
        if !s.isSet("id") { s.id = nextID() }
        if !s.isSet("uuid") { s.uuid = UUID().uuidString.lowercased() }
        if !s.isSet("created_at") { s.createdAt = clock() }
        if !s.isSet("updated_at") { s.updatedAt = clock() }
        servicesByID[s.id] = s
        return s
    }

    @discardableResult
    public func add(node: ComputeNode) -> ComputeNode {
        var n = node
        if !n.isSet("id") { n.id = nextID() }
        if !n.isSet("uuid") { n.uuid = UUID().uuidString.lowercased() }
        nodesByID[n.id] = n
        return n
    }

    /// Stores a server as given (tests set its states, host, fault...).
    @discardableResult
    public func add(instance: Instance) -> Instance {
        var i = instance
        if !i.isSet("id") { i.id = nextID() }
        if !i.isSet("created_at") { i.createdAt = clock() }
        if !i.isSet("updated_at") { i.updatedAt = i.createdAt }
        i.setDefaults()
        instancesByUUID[i.uuid] = i
        return i
    }

    @discardableResult
    public func add(migration: Migration) -> Migration {
        var m = migration
        if !m.isSet("id") { m.id = nextID() }
        if !m.isSet("uuid") { m.uuid = UUID().uuidString.lowercased() }
        if !m.isSet("created_at") { m.createdAt = clock() }
        m.setDefaults()
        migrationsByUUID[m.uuid] = m
        return m
    }

    @discardableResult
    public func add(event: InstanceActionEvent) -> InstanceActionEvent {
        var e = event
        if !e.isSet("id") { e.id = nextID() }
        eventList.append(e)
        return e
    }

    @discardableResult
    public func add(aggregate: Aggregate) -> Aggregate {
        var a = aggregate
        if !a.isSet("id") { a.id = nextID() }
        if !a.isSet("uuid") { a.uuid = UUID().uuidString.lowercased() }
        if !a.isSet("created_at") { a.createdAt = clock() }
        a.setDefaults()
        aggregatesByID[a.id] = a
        return a
    }

    /// The stored request spec and action list, for tests.
    public func storedActions() -> [InstanceAction] { actionList }

    // MARK: helpers

    /// Orders objects by stored field values, as SQL would (nulls first when ascending), then by `id`.
    static func sorted<T: NovaObject>(_ items: [T], by keys: [SortKey]) -> [T] {
        let lastAscending = keys.last?.ascending ?? true
        let all = keys + [SortKey("id", ascending: lastAscending)]
        return items.sorted { a, b in
            for key in all {
                let c = compare(a[key.field] ?? .null, b[key.field] ?? .null)
                if c != 0 { return key.ascending ? c < 0 : c > 0 }
            }
            return false
        }
    }

    static func compare(_ a: JSONValue, _ b: JSONValue) -> Int {
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _): return -1
        case (_, .null): return 1
        case (.string(let x), .string(let y)):
            // Datetimes are stored as ISO texts: compare them as instants so `...Z` and `....123456Z` order.
            if let dx = NovaTime.parse(x), let dy = NovaTime.parse(y) { return dx < dy ? -1 : (dx > dy ? 1 : 0) }
            return x < y ? -1 : (x > y ? 1 : 0)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        default:
            if let x = a.doubleValue, let y = b.doubleValue { return x < y ? -1 : (x > y ? 1 : 0) }
            return 0
        }
    }

    /// The page after `marker` (by `key`), at most `limit` long.
    static func page<T>(_ items: [T], limit: Int?, marker: String?, key: (T) -> String) throws(ComputeError) -> [T] {
        var rest = items[...]
        if let marker {
            guard let i = items.firstIndex(where: { key($0) == marker }) else { throw .markerNotFound(marker) }
            rest = items[(i + 1)...]
        }
        if let limit { rest = rest.prefix(limit) }
        return Array(rest)
    }

    static func quotaKey(_ projectID: String, _ userID: String?) -> String { projectID + "/" + (userID ?? "") }
}
