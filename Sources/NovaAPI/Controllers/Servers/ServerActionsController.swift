import Common
import Foundation

/// `POST /servers/{id}/action`: power, reboot, pause/suspend, lock, resize, migrate, evacuate and the
/// console log, with Nova's state guards (409 `Cannot '<action>' instance ... while it is in ...`).
struct ServerActionsController: Sendable {
    let r: ComputeResources
    static let path = "/servers/{server_id}/action"
    /// Nova's task_states.ALLOW_REBOOT.
    static let allowReboot: [TaskState?] = [
        nil, .rebooting, .rebootPending, .rebootStarted, .resuming, .rebootingHard, .unpausing, .pausing, .suspending,
    ]

    init(_ r: ComputeResources) { self.r = r }

    func register(on router: inout APIRouter) {
        let s = "os_compute_api:servers:"
        add(&router, "os-start", s + "start") { try await self.power($0, start: true) }
        add(&router, "os-stop", s + "stop") { try await self.power($0, start: false) }
        add(&router, "reboot", s + "reboot", body: ServerActionSchemas.reboot) { try await self.reboot($0) }
        let pause = "os_compute_api:os-pause-server:"
        let suspend = "os_compute_api:os-suspend-server:"
        add(&router, "pause", pause + "pause") { try await self.simple($0, .pause) }
        add(&router, "unpause", pause + "unpause") { try await self.simple($0, .unpause) }
        add(&router, "suspend", suspend + "suspend") { try await self.simple($0, .suspend) }
        add(&router, "resume", suspend + "resume") { try await self.simple($0, .resume) }
        add(&router, "lock", nil, max: "2.72") { try await self.lock($0) }
        add(&router, "lock", nil, min: "2.73", body: ServerActionSchemas.lock) { try await self.lock($0) }
        add(&router, "unlock", nil) { try await self.unlock($0) }
        add(&router, "resize", s + "resize", body: ServerActionSchemas.resize) { try await self.resize($0) }
        add(&router, "confirmResize", s + "confirm_resize") { try await self.confirmResize($0) }
        add(&router, "revertResize", s + "revert_resize") { try await self.revertResize($0) }
        add(&router, "migrate", nil, max: "2.55") { try await self.migrate($0) }
        add(&router, "migrate", nil, min: "2.56", body: ServerActionSchemas.migrate) { try await self.migrate($0) }
        let ranges: [(Microversion, Microversion?)] = [
            ("2.1", "2.13"), ("2.14", "2.28"), ("2.29", "2.67"), ("2.68", nil),
        ]
        for (min, max) in ranges {
            add(&router, "evacuate", nil, min: min, max: max, body: ServerActionSchemas.evacuate(min)) {
                try await self.evacuate($0)
            }
        }
        add(&router, "os-getConsoleOutput", nil, body: ServerActionSchemas.consoleOutput) {
            try await self.consoleOutput($0)
        }
    }

    private func add(
        _ router: inout APIRouter, _ name: String, _ policy: String?, min: Microversion? = nil,
        max: Microversion? = nil, body: Schema? = nil, _ handler: @escaping APIHandler
    ) {
        router.addAction(
            Self.path, ActionRoute(name, minVersion: min, maxVersion: max, policy: policy, body: body, handler: handler)
        )
    }

    // MARK: shared steps

    /// The server, checked against the lock and the allowed states.
    func load(_ req: APIRequest, action: String, guard g: StateGuard?, lock: Bool = true) async throws -> Instance {
        let instance = try await r.server(req, req.param("server_id"))
        if lock { try StateGuard.checkLock(instance, req) }
        try g?.check(instance, action: action)
        return instance
    }

    /// Nova's `check_instance_host`: 409 `Instance <uuid> is not ready` before the server has a host.
    func requireHost(_ instance: Instance) throws {
        if instance.host?.isEmpty ?? true {
            throw ComputeError("InstanceNotReady", status: 409, "Instance \(instance.uuid) is not ready")
        }
    }

    /// Sets the task state (only from an expected one), records the action, returns the saved server.
    func begin(
        _ req: APIRequest, _ instance: Instance, task: TaskState?, expected: [TaskState?] = [nil], action: String,
        extra: [String: JSONValue] = [:]
    ) async throws -> Instance {
        var changes = extra
        if let task { changes["task_state"] = .string(task.rawValue) }
        let saved = try await r.store.saveInstance(
            uuid: instance.uuid, changes: changes, expectedTaskState: expected.map { $0?.rawValue },
            expectedVMState: nil)
        try await r.recordAction(req, saved, action)
        return saved
    }

    // MARK: power and reboot

    func power(_ req: APIRequest, start: Bool) async throws -> APIResponse {
        let name = start ? "start" : "stop"
        let instance = try await load(
            req, action: name, guard: StateGuard(vmStates: start ? [.stopped] : [.active, .error]))
        try requireHost(instance)
        let saved = try await begin(
            req, instance, task: start ? .poweringOn : .poweringOff, action: name,
            extra: start ? [:] : ["progress": 0])
        if start {
            try await r.actions.start(req.context, instance: saved)
        } else {
            try await r.actions.stop(req.context, instance: saved)
        }
        return .accepted()
    }

    func reboot(_ req: APIRequest) async throws -> APIResponse {
        let type = (req.body?["reboot"]?["type"]?.stringValue ?? "SOFT").uppercased()
        let soft = type == "SOFT"
        let g =
            soft
            ? StateGuard(vmStates: Array(VMState.allowSoftReboot), taskStates: [nil])
            : StateGuard(vmStates: Array(VMState.allowHardReboot), taskStates: Self.allowReboot)
        let instance = try await load(req, action: "reboot", guard: g)
        try requireHost(instance)
        let saved = try await begin(
            req, instance, task: soft ? .rebooting : .rebootingHard, expected: soft ? [nil] : Self.allowReboot,
            action: "reboot")
        try await r.actions.reboot(req.context, instance: saved, type: type)
        return .accepted()
    }

    enum Simple: String {
        case pause, unpause, suspend, resume

        var allowed: VMState {
            switch self {
            case .pause, .suspend: .active
            case .unpause: .paused
            case .resume: .suspended
            }
        }
        var task: TaskState {
            switch self {
            case .pause: .pausing
            case .unpause: .unpausing
            case .suspend: .suspending
            case .resume: .resuming
            }
        }
    }

    func simple(_ req: APIRequest, _ op: Simple) async throws -> APIResponse {
        let instance = try await load(req, action: op.rawValue, guard: StateGuard(vmStates: [op.allowed]))
        try requireHost(instance)
        let saved = try await begin(req, instance, task: op.task, action: op.rawValue)
        switch op {
        case .pause: try await r.actions.pause(req.context, instance: saved)
        case .unpause: try await r.actions.unpause(req.context, instance: saved)
        case .suspend: try await r.actions.suspend(req.context, instance: saved)
        case .resume: try await r.actions.resume(req.context, instance: saved)
        }
        return .accepted()
    }

    // MARK: lock

    func lock(_ req: APIRequest) async throws -> APIResponse {
        let instance = try await r.server(req, req.param("server_id"))
        try req.authorize(
            "os_compute_api:os-lock-server:lock",
            target: ["project_id": instance.projectID ?? "", "user_id": instance.userID ?? ""])
        let isOwner = instance.projectID == req.context.projectId
        if instance.locked && isOwner { return .accepted() }
        var changes: [String: JSONValue] = ["locked": true, "locked_by": .string(isOwner ? "owner" : "admin")]
        if let reason = req.body?["lock"]?["locked_reason"]?.stringValue {
            var sm = instance.systemMetadata
            sm["locked_reason"] = reason
            changes["system_metadata"] = .object(sm.mapValues { .string($0) })
        }
        try await r.recordAction(req, instance, "lock")
        _ = try await r.store.saveInstance(
            uuid: instance.uuid, changes: changes, expectedTaskState: nil, expectedVMState: nil)
        return .accepted()
    }

    func unlock(_ req: APIRequest) async throws -> APIResponse {
        let instance = try await r.server(req, req.param("server_id"))
        let target = ["project_id": instance.projectID ?? ""]
        try req.authorize("os_compute_api:os-lock-server:unlock", target: target)
        let expected = instance.projectID == req.context.projectId ? "owner" : "admin"
        if let by = instance.lockedBy, by != expected {
            try req.authorize(
                "os_compute_api:os-lock-server:unlock:unlock_override",
                target: target.merging(["user_id": instance.userID ?? ""]) { a, _ in a })
        }
        var sm = instance.systemMetadata
        sm["locked_reason"] = nil
        try await r.recordAction(req, instance, "unlock")
        _ = try await r.store.saveInstance(
            uuid: instance.uuid,
            changes: ["locked": false, "locked_by": .null, "system_metadata": .object(sm.mapValues { .string($0) })],
            expectedTaskState: nil, expectedVMState: nil)
        return .accepted()
    }
}
