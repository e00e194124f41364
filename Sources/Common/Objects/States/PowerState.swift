/// The hypervisor's view of an instance (nova/compute/power_state.py), stored as Nova's integer.
public enum PowerState: Int, Sendable, CaseIterable {
    case noState = 0
    case running = 1
    case paused = 3
    /// The VM is powered off.
    case shutdown = 4
    case crashed = 6
    case suspended = 7

    /// Nova's STATE_MAP names, as shown in logs and notifications.
    public var name: String {
        switch self {
        case .noState: "pending"
        case .running: "running"
        case .paused: "paused"
        case .shutdown: "shutdown"
        case .crashed: "crashed"
        case .suspended: "suspended"
        }
    }
}
