/// An instance's transitional state (nova/compute/task_states.py), stored as Nova's string; `nil` when idle.
public enum TaskState: String, Sendable, CaseIterable {
    // Building
    case scheduling
    case blockDeviceMapping = "block_device_mapping"
    case networking
    case spawning
    // Snapshots and backups
    case imageSnapshot = "image_snapshot"
    case imageSnapshotPending = "image_snapshot_pending"
    case imagePendingUpload = "image_pending_upload"
    case imageUploading = "image_uploading"
    case imageBackup = "image_backup"
    case updatingPassword = "updating_password"
    // Resize and migration
    case resizePrep = "resize_prep"
    case resizeMigrating = "resize_migrating"
    case resizeMigrated = "resize_migrated"
    case resizeFinish = "resize_finish"
    case resizeReverting = "resize_reverting"
    case resizeConfirming = "resize_confirming"
    case migrating
    // Reboot
    case rebooting
    case rebootPending = "reboot_pending"
    case rebootStarted = "reboot_started"
    case rebootingHard = "rebooting_hard"
    case rebootPendingHard = "reboot_pending_hard"
    case rebootStartedHard = "reboot_started_hard"
    // Power and pause/suspend
    case pausing
    case unpausing
    case suspending
    case resuming
    case poweringOff = "powering-off"
    case poweringOn = "powering-on"
    case rescuing
    case unrescuing
    // Rebuild (evacuation is a rebuild on another host)
    case rebuilding
    case rebuildBlockDeviceMapping = "rebuild_block_device_mapping"
    case rebuildSpawning = "rebuild_spawning"
    // Delete
    case deleting
    case softDeleting = "soft-deleting"
    case restoring
    // Shelve
    case shelving
    case shelvingImagePendingUpload = "shelving_image_pending_upload"
    case shelvingImageUploading = "shelving_image_uploading"
    case shelvingOffloading = "shelving_offloading"
    case unshelving

    /// Task states during which a soft reboot may be requested (Nova's soft reboot check).
    public static let softRebooting: Set<TaskState> = [.rebooting, .rebootPending, .rebootStarted]
    /// Task states during which a hard reboot is already under way.
    public static let hardRebooting: Set<TaskState> = [.rebootingHard, .rebootPendingHard, .rebootStartedHard]
}
