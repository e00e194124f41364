import Common
import Foundation

/// Resize, confirm/revert, cold migrate, evacuate, console output.
extension ServerActionsController {
    func resize(_ req: APIRequest) async throws -> APIResponse {
        let instance = try await load(req, action: "resize", guard: StateGuard(vmStates: [.active, .stopped]))
        let body = req.body?["resize"]
        let ref: String
        switch body?["flavorRef"] {
        case .int(let i)?: ref = String(i)
        case .string(let s)?: ref = RequestParsing.lastSegment(s)
        default: ref = ""
        }
        let current = instance.flavor ?? Flavor()
        let target: Flavor
        do { target = try await r.store.flavor(flavorID: ref) } catch let e as ComputeError where e.is("FlavorNotFound")
        {
            throw e.asBadRequest
        }
        if target.id == current.id { throw APIError.badRequest("When resizing, instances must change flavor!") }
        if target.disabled { throw ComputeError.flavorNotFound(ref).asBadRequest }
        if target.rootGB == 0 && current.rootGB != 0 {
            throw APIError.badRequest(
                "Server disk was unable to be resized because: Resize to zero disk flavor is not allowed.")
        }
        try await checkUpsizeQuota(instance, from: current, to: target)
        var extra: [String: JSONValue] = ["progress": 0]
        if let dc = body?["OS-DCF:diskConfig"]?.stringValue { extra["auto_disk_config"] = .bool(dc == "AUTO") }
        let saved = try await begin(req, instance, task: .resizePrep, action: "resize", extra: extra)
        let spec = try await r.store.requestSpec(instanceUUID: instance.uuid)
        try await r.actions.migrate(req.context, instance: saved, flavor: target, host: nil, requestSpec: spec)
        return .accepted()
    }

    /// Nova's `_check_quota_for_upsize`: only the growth of cores and ram is counted.
    func checkUpsizeQuota(_ instance: Instance, from old: Flavor, to new: Flavor) async throws {
        let dCores = new.vcpus - old.vcpus
        let dRam = new.memoryMB - old.memoryMB
        guard dCores > 0 || dRam > 0, let project = instance.projectID else { return }
        var limits = try await r.quotaLimits(projectID: project)
        limits["instances"] = -1
        _ = try InstanceQuota.allowedCount(
            vcpus: max(dCores, 0), memoryMB: max(dRam, 0), minCount: 1, maxCount: 1, limits: limits,
            usage: try await r.store.quotaUsage(projectID: project, userID: nil))
    }

    /// The finished resize of a server in VERIFY_RESIZE; 400 `Instance has not been resized.` otherwise.
    func finishedMigration(_ instance: Instance) async throws -> Migration {
        var q = MigrationQuery()
        q.instanceUUID = instance.uuid
        q.status = "finished"
        guard let m = try await r.store.migrations(q).first else {
            throw APIError.badRequest("Instance has not been resized.")
        }
        return m
    }

    func confirmResize(_ req: APIRequest) async throws -> APIResponse {
        let instance = try await load(req, action: "confirmResize", guard: StateGuard(vmStates: [.resized]))
        let migration = try await finishedMigration(instance)
        let saved = try await r.store.saveMigration(uuid: migration.uuid, changes: ["status": "confirming"])
        try await r.recordAction(req, instance, "confirmResize")
        try await r.actions.confirmResize(req.context, instance: instance, migration: saved)
        return .noContent()
    }

    func revertResize(_ req: APIRequest) async throws -> APIResponse {
        let instance = try await load(req, action: "revertResize", guard: StateGuard(vmStates: [.resized]))
        let migration = try await finishedMigration(instance)
        let savedInstance = try await begin(req, instance, task: .resizeReverting, action: "revertResize")
        let saved = try await r.store.saveMigration(uuid: migration.uuid, changes: ["status": "reverting"])
        try await r.actions.revertResize(req.context, instance: savedInstance, migration: saved)
        return .accepted()
    }

    func migrate(_ req: APIRequest) async throws -> APIResponse {
        let instance = try await r.server(req, req.param("server_id"))
        let target = ["project_id": instance.projectID ?? ""]
        try req.authorize("os_compute_api:os-migrate-server:migrate", target: target)
        let host = req.microversion >= "2.56" ? req.body?["migrate"]?["host"]?.stringValue : nil
        if host != nil { try req.authorize("os_compute_api:os-migrate-server:migrate:host", target: target) }
        try StateGuard.checkLock(instance, req)
        try StateGuard(vmStates: [.active, .stopped]).check(instance, action: "migrate")
        if let host {
            if host == instance.host {
                throw ComputeError(
                    "CannotMigrateToSameHost", status: 400, "Cannot migrate to the host where the server exists.")
            }
            if try await r.store.services(host: host, binary: "nova-compute").isEmpty {
                throw ComputeError.computeHostNotFound(host).asBadRequest
            }
        }
        let saved = try await begin(req, instance, task: .resizePrep, action: "migrate", extra: ["progress": 0])
        let spec = try await r.store.requestSpec(instanceUUID: instance.uuid)
        try await r.actions.migrate(req.context, instance: saved, flavor: nil, host: host, requestSpec: spec)
        return .accepted()
    }

    /// Rebuild elsewhere a server whose compute is down; 200 with `adminPass` before 2.14.
    func evacuate(_ req: APIRequest) async throws -> APIResponse {
        let body = req.body?["evacuate"]
        let host = body?["host"]?.stringValue
        let instance = try await r.server(req, req.param("server_id"))
        try req.authorize("os_compute_api:os-evacuate", target: ["project_id": instance.projectID ?? ""])
        var password: String?
        if req.microversion < "2.14" {
            let shared = RequestParsing.bool(body?["onSharedStorage"]) ?? false
            if let given = body?["adminPass"]?.stringValue {
                if shared { throw APIError.badRequest("admin password can't be changed on existing disk") }
                password = given
            } else if !shared {
                password = Generated.password()
            }
        }
        if let host {
            if try await r.store.services(host: host, binary: "nova-compute").isEmpty {
                throw APIError.notFound("Compute host \(host) not found.")
            }
            if host == instance.host { throw APIError.badRequest("The target host can't be the same one.") }
        }
        try StateGuard.checkLock(instance, req)
        try StateGuard(vmStates: [.active, .stopped, .error]).check(instance, action: "evacuate")
        guard let source = instance.host, !source.isEmpty else { throw ComputeError.computeHostNotFound("None") }
        if let service = try await r.store.services(host: source, binary: "nova-compute").first,
            r.settings.isUp(service)
        {
            throw APIError.badRequest("Compute service of \(source) is still in use.")
        }
        let saved = try await begin(req, instance, task: .rebuilding, action: "evacuate")
        let spec = try await r.store.requestSpec(instanceUUID: instance.uuid)
        try await r.actions.evacuate(req.context, instance: saved, host: host, requestSpec: spec)
        if let password, r.settings.enableInstancePassword { return .ok(["adminPass": .string(password)]) }
        return APIResponse(status: 200)
    }

    func consoleOutput(_ req: APIRequest) async throws -> APIResponse {
        let instance = try await r.server(req, req.param("server_id"))
        try requireHost(instance)
        if instance.taskState == .deleting || instance.taskState == .migrating {
            throw StateGuard.conflict(
                instance, action: "get_console_output", attr: "task_state", state: instance.taskState?.rawValue)
        }
        let length = RequestParsing.int(req.body?["os-getConsoleOutput"]?["length"])
        let output = try await r.actions.consoleOutput(
            req.context, instance: instance, tailLength: length == -1 ? nil : length)
        let cleaned = String(
            output.unicodeScalars.filter { s in !(s.value <= 0x08 || (0x0B...0x1F).contains(s.value)) })
        return .ok(["output": .string(cleaned)])
    }
}

/// Bodies of the server actions (schemas/servers.py, lock_server.py, migrate_server.py, evacuate.py,
/// console_output.py).
enum ServerActionSchemas {
    static let reboot = Schema.wrapper(
        "reboot",
        .object(
            [("type", .enumeration(["HARD", "Hard", "hard", "SOFT", "Soft", "soft"]))], required: ["type"]))
    static let resize = Schema.wrapper(
        "resize",
        .object(
            [("flavorRef", ParameterTypes.flavorRef), ("OS-DCF:diskConfig", ParameterTypes.diskConfig)],
            required: ["flavorRef"]))
    static let lock = Schema.wrapper(
        "lock", .oneOf([.null, .object([("locked_reason", .string(minLength: 1, maxLength: 255))])]))
    static let migrate = Schema.wrapper(
        "migrate", .oneOf([.null, .object([("host", ParameterTypes.hostname.nullable())])]))
    static let consoleOutput: Schema = {
        var length = Schema()
        length.types = [.integer, .string, .null]
        length.pattern = "^-?[0-9]+$"
        length.minimum = -1
        return .wrapper("os-getConsoleOutput", .object([("length", length)]))
    }()

    static func evacuate(_ since: Microversion) -> Schema {
        var props: [(String, Schema)] = [("host", ParameterTypes.hostname), ("adminPass", .string())]
        var required: [String] = []
        if since < "2.14" {
            props.append(("onSharedStorage", .booleanLike))
            required.append("onSharedStorage")
        } else if since >= "2.29" && since < "2.68" {
            props.append(("force", .boolean))
        }
        return .wrapper("evacuate", .object(props, required: required))
    }
}
