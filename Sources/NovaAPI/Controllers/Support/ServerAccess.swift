import Common

/// Finding a server the caller may see, and Nova's state guards on server operations.
extension ComputeResources {
    /// The server `id`; another project's server is `InstanceNotFound` for a non-admin (Nova's project_only).
    func server(_ req: APIRequest, _ id: String, readDeleted: Bool = false) async throws -> Instance {
        let instance = try await store.instance(uuid: id, readDeleted: readDeleted)
        if !req.context.isAdmin && instance.projectID != req.context.projectId {
            throw ComputeError.instanceNotFound(id)
        }
        return instance
    }

    /// Records the start of a user action on a server (Nova's `_record_action_start`).
    func recordAction(_ req: APIRequest, _ instance: Instance, _ name: String) async throws {
        var a = InstanceAction()
        a.action = name
        a.set("instance_uuid", instance.uuid)
        a.requestID = req.context.requestId
        a.userID = req.context.userId
        a.projectID = req.context.projectId
        a.startTime = NovaTime.now()
        try await store.recordAction(a)
    }
}

/// Nova's `check_instance_state` and `check_instance_lock` decorators.
struct StateGuard {
    /// Allowed vm_states; nil allows any.
    var vmStates: [VMState]?
    /// Allowed task_states (nil element: idle); nil allows any.
    var taskStates: [TaskState?]? = [nil]

    /// 409 `Cannot '<action>' instance <uuid> while it is in vm_state|task_state <state>`.
    func check(_ instance: Instance, action: String) throws(APIError) {
        if let vms = vmStates, !vms.contains(where: { $0 == instance.vmState }) {
            throw Self.conflict(instance, action: action, attr: "vm_state", state: instance.vmState?.rawValue)
        }
        if let tasks = taskStates, !tasks.contains(where: { $0 == instance.taskState }) {
            throw Self.conflict(instance, action: action, attr: "task_state", state: instance.taskState?.rawValue)
        }
    }

    static func conflict(_ instance: Instance, action: String, attr: String, state: String?) -> APIError {
        .conflict(
            "Cannot '\(action)' instance \(instance.uuid) while it is in \(attr) \(state ?? "None")")
    }

    /// A locked server refuses everyone but admins (409 `Instance <uuid> is locked`).
    static func checkLock(_ instance: Instance, _ req: APIRequest) throws(APIError) {
        if instance.locked && !req.context.isAdmin { throw .conflict("Instance \(instance.uuid) is locked") }
    }
}

extension APIRequest {
    /// Enforces `rule` when the policy engine defines it. For resources whose rules the defaults do not
    /// list yet (server tags), the server-level checks (project isolation, locks) still apply.
    func authorizeIfDefined(_ rule: String, target: [String: String]? = nil) throws(APIError) {
        guard policy.rules[rule] != nil else { return }
        try authorize(rule, target: target)
    }
}
