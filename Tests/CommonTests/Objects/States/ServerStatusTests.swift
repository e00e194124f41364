import Testing

@testable import Common

@Suite struct ServerStatusTests {
    @Test(
        arguments: [
            ("building", nil, "BUILD"), ("building", "spawning", "BUILD"),
            ("active", nil, "ACTIVE"), ("active", "powering-off", "ACTIVE"),
            ("active", "rebooting", "REBOOT"), ("active", "reboot_started", "REBOOT"),
            ("active", "rebooting_hard", "HARD_REBOOT"), ("active", "reboot_pending_hard", "HARD_REBOOT"),
            ("active", "resize_prep", "RESIZE"), ("active", "resize_finish", "RESIZE"),
            ("active", "migrating", "MIGRATING"), ("active", "rebuilding", "REBUILD"),
            ("active", "rebuild_spawning", "REBUILD"), ("active", "updating_password", "PASSWORD"),
            ("stopped", nil, "SHUTOFF"), ("stopped", "resize_migrating", "RESIZE"),
            ("stopped", "rebuilding", "REBUILD"), ("stopped", "powering-on", "SHUTOFF"),
            ("resized", nil, "VERIFY_RESIZE"), ("resized", "resize_reverting", "REVERT_RESIZE"),
            ("resized", "resize_confirming", "VERIFY_RESIZE"),
            ("paused", nil, "PAUSED"), ("paused", "migrating", "MIGRATING"),
            ("suspended", nil, "SUSPENDED"), ("rescued", nil, "RESCUE"),
            ("error", nil, "ERROR"), ("error", "rebuilding", "REBUILD"), ("error", "deleting", "ERROR"),
            ("deleted", nil, "DELETED"), ("soft-delete", nil, "SOFT_DELETED"),
            ("shelved", nil, "SHELVED"), ("shelved_offloaded", nil, "SHELVED_OFFLOADED"),
            ("weird", nil, "UNKNOWN"),
        ] as [(String, String?, String)])
    func statusFollowsNovasTable(vm: String, task: String?, status: String) {
        #expect(ServerStatus.from(vmState: vm, taskState: task) == status)
    }

    @Test func typedStatesGiveTheSameStatus() {
        #expect(ServerStatus.from(vmState: VMState.active, taskState: TaskState.rebootingHard) == "HARD_REBOOT")
        #expect(ServerStatus.from(vmState: VMState.softDeleted, taskState: nil) == "SOFT_DELETED")
        #expect(ServerStatus.from(vmState: nil as VMState?, taskState: nil) == "UNKNOWN")
    }

    @Test func statusFilterMapsBackToStates() {
        let reboot = ServerStatus.states(for: ["reboot"])
        #expect(reboot.vmStates == ["active"])
        #expect(reboot.taskStates == ["reboot_pending", "reboot_started", "rebooting"])
        let active = ServerStatus.states(for: ["ACTIVE"])
        #expect(active.vmStates == ["active"])
        #expect(active.taskStates == nil)
        let resize = ServerStatus.states(for: ["RESIZE"])
        #expect(resize.vmStates == ["active", "stopped"])
        #expect(resize.taskStates?.contains("resize_prep") == true)
    }

    @Test func stateValuesAreNovas() {
        #expect(VMState.softDeleted.rawValue == "soft-delete")
        #expect(VMState.shelvedOffloaded.rawValue == "shelved_offloaded")
        #expect(TaskState.poweringOff.rawValue == "powering-off")
        #expect(TaskState.softDeleting.rawValue == "soft-deleting")
        #expect(PowerState.allCases.map(\.rawValue) == [0, 1, 3, 4, 6, 7])
        #expect(PowerState.shutdown.name == "shutdown")
    }
}
