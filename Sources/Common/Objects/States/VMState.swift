/// An instance's stable state (nova/compute/vm_states.py), stored as Nova's string.
public enum VMState: String, Sendable, CaseIterable {
    case active
    case building
    case paused
    case suspended
    case stopped
    case rescued
    case resized
    case softDeleted = "soft-delete"
    case deleted
    case error
    case shelved
    case shelvedOffloaded = "shelved_offloaded"

    /// States from which an instance may be hard-rebooted (Nova's ALLOW_HARD_REBOOT).
    public static let allowHardReboot: Set<VMState> = [.active, .stopped, .paused, .suspended, .error]
    /// States in which an instance may be soft-rebooted (Nova's ALLOW_SOFT_REBOOT).
    public static let allowSoftReboot: Set<VMState> = [.active]
    /// States whose instances no longer hold resources on a host (Nova's ALLOW_RESOURCE_REMOVAL).
    public static let allowResourceRemoval: Set<VMState> = [.deleted, .shelvedOffloaded]
}
