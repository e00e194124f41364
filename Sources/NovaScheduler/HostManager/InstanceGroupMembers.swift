import Common

/// A server group as the affinity filters and weighers need it: policy, rules, members and where they run.
public struct InstanceGroupMembers: Sendable, Hashable {
    /// uuid, policy, rules (`max_server_per_host`) and members.
    public var group: InstanceGroup
    /// Member instance uuid → its host, for members that are placed and not deleted.
    public var memberHosts: [String: String]

    public init(group: InstanceGroup, memberHosts: [String: String]) {
        self.group = group
        self.memberHosts = memberHosts
    }
}
