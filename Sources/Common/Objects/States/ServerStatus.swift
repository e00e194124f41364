/// The API's server `status`, derived from vm_state and task_state as nova/api/openstack/common.py does.
public enum ServerStatus {
    /// For each vm_state: the status by task_state, and the status when the task state has no entry.
    static let table: [String: (byTask: [String: String], fallback: String)] = {
        let resize = ["resize_prep", "resize_migrating", "resize_migrated", "resize_finish"]
        let rebuild = ["rebuilding", "rebuild_block_device_mapping", "rebuild_spawning"]
        func map(_ groups: [([String], String)]) -> [String: String] {
            var m: [String: String] = [:]
            for (tasks, status) in groups { for t in tasks { m[t] = status } }
            return m
        }
        return [
            "active": (
                map([
                    (["rebooting", "reboot_pending", "reboot_started"], "REBOOT"),
                    (["rebooting_hard", "reboot_pending_hard", "reboot_started_hard"], "HARD_REBOOT"),
                    (["updating_password"], "PASSWORD"),
                    (rebuild, "REBUILD"), (["migrating"], "MIGRATING"), (resize, "RESIZE"),
                ]), "ACTIVE"
            ),
            "building": ([:], "BUILD"),
            "stopped": (map([(resize, "RESIZE"), (rebuild, "REBUILD")]), "SHUTOFF"),
            "resized": (["resize_reverting": "REVERT_RESIZE"], "VERIFY_RESIZE"),
            "paused": (["migrating": "MIGRATING"], "PAUSED"),
            "suspended": ([:], "SUSPENDED"),
            "rescued": ([:], "RESCUE"),
            "error": (map([(rebuild, "REBUILD")]), "ERROR"),
            "deleted": ([:], "DELETED"),
            "soft-delete": ([:], "SOFT_DELETED"),
            "shelved": ([:], "SHELVED"),
            "shelved_offloaded": ([:], "SHELVED_OFFLOADED"),
        ]
    }()

    /// The status for a vm_state/task_state pair; `UNKNOWN` for a vm_state Nova does not map.
    public static func from(vmState: String?, taskState: String?) -> String {
        guard let vmState, let entry = table[vmState] else { return "UNKNOWN" }
        if let taskState, let s = entry.byTask[taskState] { return s }
        return entry.fallback
    }

    public static func from(vmState: VMState?, taskState: TaskState?) -> String {
        from(vmState: vmState?.rawValue, taskState: taskState?.rawValue)
    }

    /// The vm_states and task_states that show as one of `statuses` (case-insensitive), for
    /// `GET /servers?status=`: Nova's task_and_vm_state_from_status. `taskStates` is nil when a
    /// status is reached with any task state (a vm_state's fallback), so no task filter applies.
    public static func states(for statuses: [String]) -> (vmStates: [String], taskStates: [String]?) {
        let wanted = Set(statuses.map { $0.uppercased() })
        var vms = Set<String>()
        var tasks = Set<String>()
        var anyTask = false
        for (vm, entry) in table {
            if wanted.contains(entry.fallback) {
                vms.insert(vm)
                anyTask = true
            }
            for (task, status) in entry.byTask where wanted.contains(status) {
                vms.insert(vm)
                tasks.insert(task)
            }
        }
        return (vms.sorted(), anyTask ? nil : tasks.sorted())
    }
}
