import Common

/// A create request as the store receives it: the servers to write (max_count of them, fully built),
/// their request specs, and what bounds how many may be written. The store writes, in one atomic step,
/// as many as quota allows between `minCount` and `instances.count` (Nova's headroom rule), each with its
/// request spec, a `create` InstanceAction, and its membership of `serverGroup`; or throws.
public struct InstanceCreation: Sendable {
    public var instances: [Instance]
    /// One per instance, same order.
    public var requestSpecs: [RequestSpec]
    public var minCount: Int
    /// max_count as requested (may exceed `instances.count`: only what quota could allow is built).
    public var requestedMaxCount: Int
    /// instances, cores and ram limits of the project.
    public var limits: QuotaLimits
    /// Template of the `create` action recorded for each instance (request id, user, project, start).
    public var action: InstanceAction
    /// The server group the instances join (the `group` scheduler hint).
    public var serverGroupUUID: String?
    /// `server_group_members` quota for that group (-1 unlimited).
    public var serverGroupMemberLimit: Int = -1
    /// Tags (2.52) given to every instance.
    public var tags: [String] = []

    public init(
        instances: [Instance], requestSpecs: [RequestSpec], minCount: Int, limits: QuotaLimits,
        action: InstanceAction
    ) {
        self.instances = instances
        self.requestSpecs = requestSpecs
        self.minCount = minCount
        self.requestedMaxCount = instances.count
        self.limits = limits
        self.action = action
    }
}

/// Nova's instance quota rule (`_check_num_instances_quota`): how many of `maxCount` servers of a flavor
/// fit in the headroom of instances, cores and ram; below `minCount` it is `TooManyInstances`, worded
/// as Nova words it. A pure function, so every store applies the same rule inside its own transaction.
public enum InstanceQuota {
    public static func allowedCount(
        vcpus: Int, memoryMB: Int, minCount: Int, maxCount: Int, limits: QuotaLimits, usage: QuotaUsage
    ) throws(ComputeError) -> Int {
        // Saturating arithmetic: a max_count near Int.max must meet the limits, not overflow and trap.
        func times(_ a: Int, _ b: Int) -> Int {
            let (p, overflow) = a.multipliedReportingOverflow(by: b)
            return overflow ? Int.max : p
        }
        func plus(_ a: Int, _ b: Int) -> Int {
            let (s, overflow) = a.addingReportingOverflow(b)
            return overflow ? Int.max : s
        }
        let requested = ["instances": maxCount, "cores": times(maxCount, vcpus), "ram": times(maxCount, memoryMB)]
        let order = ["instances", "cores", "ram"]
        let overs = order.filter { limits[$0] >= 0 && plus(usage[$0], requested[$0]!) > limits[$0] }
        if overs.isEmpty { return maxCount }
        func headroom(_ r: String) -> Int { limits[r] < 0 ? Int.max : max(0, limits[r] - usage[r]) }
        var allowed = headroom("instances")
        if vcpus > 0 { allowed = min(allowed, headroom("cores") / vcpus) }
        if memoryMB > 0 { allowed = min(allowed, headroom("ram") / memoryMB) }
        if allowed >= minCount && allowed <= maxCount { return allowed }
        let count = minCount == maxCount ? "\(minCount)" : "\(minCount)-\(maxCount)"
        let shown = ["instances": count, "cores": "\(requested["cores"]!)", "ram": "\(requested["ram"]!)"]
        let reqs = overs.map { shown[$0]! }.joined(separator: ", ")
        let used = overs.map { "\(usage[$0])" }.joined(separator: ", ")
        let allowedText = overs.map { "\(limits[$0])" }.joined(separator: ", ")
        let names = overs.joined(separator: ", ")
        throw ComputeError(
            "TooManyInstances", status: 403,
            "Quota exceeded for \(names): Requested \(reqs), but already used \(used) of \(allowedText) \(names)")
    }

    /// Nova's answer when the server group is full.
    public static let groupFull = ComputeError.overQuota("Quota exceeded, too many servers in group")
}
