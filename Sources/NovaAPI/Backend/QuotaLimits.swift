/// The quota resources nova-api enforces (Nova's `[quota]` counted resources), and per-resource limits
/// (-1 is unlimited).
public struct QuotaLimits: Sendable, Equatable {
    public static let resources = [
        "instances", "cores", "ram", "metadata_items", "injected_files", "injected_file_content_bytes",
        "injected_file_path_bytes", "key_pairs", "server_groups", "server_group_members",
    ]

    public var values: [String: Int]

    public init(_ values: [String: Int]) { self.values = values }

    public subscript(resource: String) -> Int {
        get { values[resource] ?? -1 }
        set { values[resource] = newValue }
    }

    /// The defaults with a project's (and user's) overrides applied.
    public func overridden(by overrides: [String: Int]) -> QuotaLimits {
        var v = values
        for (k, limit) in overrides { v[k] = limit }
        return QuotaLimits(v)
    }
}

/// What a project uses of its quota, counted from live rows (Nova counts, it does not track).
public struct QuotaUsage: Sendable, Equatable {
    public var instances = 0
    public var cores = 0
    public var ram = 0
    /// The user's key pairs (key pairs are counted per user).
    public var keyPairs = 0
    public var serverGroups = 0

    public init(instances: Int = 0, cores: Int = 0, ram: Int = 0, keyPairs: Int = 0, serverGroups: Int = 0) {
        self.instances = instances
        self.cores = cores
        self.ram = ram
        self.keyPairs = keyPairs
        self.serverGroups = serverGroups
    }

    public subscript(resource: String) -> Int {
        switch resource {
        case "instances": instances
        case "cores": cores
        case "ram": ram
        case "key_pairs": keyPairs
        case "server_groups": serverGroups
        default: 0
        }
    }
}
