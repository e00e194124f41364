import Common

/// What a compute node offers of one resource class: claims may allocate up to
/// total × allocation ratio − reserved.
public struct Inventory: Sendable, Hashable {
    public var resourceClass: String
    public var total: Int
    public var reserved: Int
    public var allocationRatio: Double

    public init(_ resourceClass: String, total: Int, reserved: Int = 0, allocationRatio: Double = 1) {
        self.resourceClass = resourceClass
        self.total = total
        self.reserved = reserved
        self.allocationRatio = allocationRatio
    }

    public init(_ resourceClass: ResourceClass, total: Int, reserved: Int = 0, allocationRatio: Double = 1) {
        self.init(resourceClass.rawValue, total: total, reserved: reserved, allocationRatio: allocationRatio)
    }

    /// How much may be allocated in all.
    public var capacity: Int { Int((Double(total) * allocationRatio).rounded(.down)) - reserved }

    /// The inventory nova-compute reports: `{"VCPU": {"total", "reserved", "allocation_ratio"}, ...}`.
    public static func list(fromJSON json: JSONValue) throws -> [Inventory] {
        guard let classes = json.objectValue else { throw InvalidInput(reason: "inventory must be an object") }
        return try classes.keys.sorted().map { rc in
            guard let e = classes[rc], let total = e["total"]?.intValue, total >= 0 else {
                throw InvalidInput(reason: "inventory of \(rc) needs a non-negative integer total")
            }
            let reserved = e["reserved"]?.intValue ?? 0
            let ratio = e["allocation_ratio"]?.doubleValue ?? 1
            guard reserved >= 0, ratio > 0 else {
                throw InvalidInput(reason: "inventory of \(rc): reserved must be >= 0 and allocation_ratio > 0")
            }
            return Inventory(rc, total: total, reserved: reserved, allocationRatio: ratio)
        }
    }

    public static func json(_ list: [Inventory]) -> JSONValue {
        var o: [String: JSONValue] = [:]
        for i in list {
            o[i.resourceClass] = [
                "total": .int(i.total), "reserved": .int(i.reserved),
                "allocation_ratio": .double(i.allocationRatio),
            ]
        }
        return .object(o)
    }
}

/// A compute node with its inventory and what is allocated on it: what the scheduler weighs.
public struct NodeUsage: Sendable, Hashable {
    public var node: ComputeNode
    /// By resource class.
    public var inventory: [String: Inventory]
    /// Allocated amount by resource class.
    public var used: [String: Int]

    public init(node: ComputeNode, inventory: [String: Inventory], used: [String: Int]) {
        self.node = node
        self.inventory = inventory
        self.used = used
    }

    /// What is left of a class (0 when the node has no inventory of it).
    public func free(_ resourceClass: String) -> Int {
        guard let inv = inventory[resourceClass] else { return 0 }
        return inv.capacity - (used[resourceClass] ?? 0)
    }

    public func free(_ resourceClass: ResourceClass) -> Int { free(resourceClass.rawValue) }
}
