import Common

/// Stop/start, reboot, pause/unpause, suspend/resume: each finishes the transition the API began by setting
/// a task state, and ends with the vm_state and power_state Nova's status table expects.
extension ComputeManager {
    /// One power operation: the event, the driver call, then the final states saved while the task state
    /// is still the one the API set.
    func powerOperation(_ ctx: RequestContext, _ instance: Instance, event: String, expecting: [TaskState?],
                        final vmState: VMState, _ op: @Sendable () async throws -> Void) async throws {
        try await withEvent(ctx, instance, event) {
            try await op()
            var inst = instance
            inst.powerStateValue = await driver.powerState(instanceUUID: inst.uuid)
            inst.vmState = vmState
            inst.taskState = nil
            _ = try await save(ctx, inst, expecting: expecting)
        }
    }

    public func stopInstance(_ ctx: RequestContext, instance: Instance) async throws {
        let d = driver
        let uuid = instance.uuid
        try await powerOperation(ctx, instance, event: "stop_instance", expecting: [.poweringOff], final: .stopped) {
            try await d.powerOff(instanceUUID: uuid)
        }
    }

    public func startInstance(_ ctx: RequestContext, instance: Instance) async throws {
        let d = driver
        let uuid = instance.uuid
        try await powerOperation(ctx, instance, event: "start_instance", expecting: [.poweringOn], final: .active) {
            try await d.powerOn(instanceUUID: uuid)
        }
    }

    public func rebootInstance(_ ctx: RequestContext, instance: Instance, type: RebootType) async throws {
        let d = driver
        let uuid = instance.uuid
        let expecting: [TaskState?] = type == .hard
            ? [.rebootingHard, .rebootPendingHard, .rebootStartedHard]
            : [.rebooting, .rebootPending, .rebootStarted]
        try await powerOperation(ctx, instance, event: "reboot_instance", expecting: expecting, final: .active) {
            try await d.reboot(instanceUUID: uuid, type: type)
        }
    }

    public func pauseInstance(_ ctx: RequestContext, instance: Instance) async throws {
        let d = driver
        let uuid = instance.uuid
        try await powerOperation(ctx, instance, event: "pause_instance", expecting: [.pausing], final: .paused) {
            try await d.pause(instanceUUID: uuid)
        }
    }

    public func unpauseInstance(_ ctx: RequestContext, instance: Instance) async throws {
        let d = driver
        let uuid = instance.uuid
        try await powerOperation(ctx, instance, event: "unpause_instance", expecting: [.unpausing], final: .active) {
            try await d.unpause(instanceUUID: uuid)
        }
    }

    public func suspendInstance(_ ctx: RequestContext, instance: Instance) async throws {
        let d = driver
        let uuid = instance.uuid
        try await powerOperation(ctx, instance, event: "suspend_instance", expecting: [.suspending],
                                 final: .suspended) {
            try await d.suspend(instanceUUID: uuid)
        }
    }

    public func resumeInstance(_ ctx: RequestContext, instance: Instance) async throws {
        let d = driver
        let uuid = instance.uuid
        try await powerOperation(ctx, instance, event: "resume_instance", expecting: [.resuming], final: .active) {
            try await d.resume(instanceUUID: uuid)
        }
    }
}
