import Common

/// What a hypervisor node offers, as the driver sees it (Nova's get_available_resource).
public struct NodeResources: Sendable, Hashable {
    public var nodename: String
    public var vcpus: Int
    public var memoryMB: Int
    public var localGB: Int
    public var hypervisorType: String
    public var hypervisorVersion: Int
    public var cpuInfo: String

    public init(nodename: String, vcpus: Int, memoryMB: Int, localGB: Int, hypervisorType: String = "fake",
                hypervisorVersion: Int = 1000, cpuInfo: String = "{}") {
        self.nodename = nodename
        self.vcpus = vcpus
        self.memoryMB = memoryMB
        self.localGB = localGB
        self.hypervisorType = hypervisorType
        self.hypervisorVersion = hypervisorVersion
        self.cpuInfo = cpuInfo
    }
}

/// Soft (ACPI) or hard (power cycle) reboot, as the API's `reboot.type`.
public enum RebootType: String, Sendable {
    case soft = "SOFT"
    case hard = "HARD"
}

/// The seam between the compute manager and a hypervisor (nova/virt/driver.py's ComputeDriver).
public protocol VirtDriver: Sendable {
    /// The hypervisor nodes this driver manages, by name (ComputeNode.hypervisor_hostname).
    var nodenames: [String] { get }
    func availableResource(node: String) async throws -> NodeResources
    /// Creates and boots the guest; throws when the hypervisor fails (the build is then rescheduled).
    func spawn(instance: Instance) async throws
    /// Powers off and removes the guest; a guest the driver does not know is not an error.
    func destroy(instanceUUID: String) async
    func powerOff(instanceUUID: String) async throws
    func powerOn(instanceUUID: String) async throws
    func reboot(instanceUUID: String, type: RebootType) async throws
    func pause(instanceUUID: String) async throws
    func unpause(instanceUUID: String) async throws
    func suspend(instanceUUID: String) async throws
    func resume(instanceUUID: String) async throws
    /// The guest's power state; `.noState` for a guest the driver does not know.
    func powerState(instanceUUID: String) async -> PowerState
    /// The uuids of every guest on this driver's nodes.
    func listInstances() async -> [String]
    func consoleOutput(instanceUUID: String) async throws -> String
    /// Resize/migrate source side: the guest is powered off and its disks handed over.
    func migrateDiskAndPowerOff(instanceUUID: String) async throws
    /// Resize/migrate destination side: the guest is created with its new flavor, running unless `powerOn` is false.
    func finishMigration(instance: Instance, powerOn: Bool) async throws
    /// Re-attaches to a guest the database places here after the service restarted (a real hypervisor
    /// kept it running; the fake one forgot it with the process, so it re-creates it).
    func restore(instanceUUID: String, state: PowerState, node: String?) async
}

/// The driver has no guest with this uuid (nova.exception.InstanceNotFound).
public struct VirtInstanceNotFound: Error, Sendable, CustomStringConvertible {
    public let instanceUUID: String
    public init(instanceUUID: String) { self.instanceUUID = instanceUUID }
    public var description: String { "Instance \(instanceUUID) could not be found." }
}

/// The hypervisor failed to create a guest; the build is rescheduled.
public struct SpawnFailed: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }
}
