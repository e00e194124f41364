/// How many times a boot was rescheduled and the nodes already tried (nova/objects/request_spec.py, 1.1).
public struct SchedulerRetries: NovaObject, Hashable {
    public static let objName = "SchedulerRetries"
    public static let objVersion = "1.1"
    public static let fields: [Field] = [
        Field("num_attempts", .int),
        Field("hosts", .object("ComputeNodeList")),
    ]

    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }

    public init(numAttempts: Int, hosts: [ComputeNode]) {
        self.init()
        self.numAttempts = numAttempts
        self.hosts = hosts
    }

    public var numAttempts: Int {
        get { int("num_attempts") ?? 0 }
        set { set("num_attempts", newValue) }
    }
    /// The nodes tried so far: Nova fills only `host` and `hypervisor_hostname`.
    public var hosts: [ComputeNode] {
        get { object("hosts", as: ComputeNodeList.self)?.objects ?? [] }
        set { set("hosts", ComputeNodeList(objects: newValue)) }
    }
}
