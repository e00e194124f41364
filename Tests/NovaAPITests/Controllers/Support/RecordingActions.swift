import Common
import Foundation

@testable import NovaAPI

/// `ComputeActions` that records each call (name, server uuid, detail) instead of sending it.
final class RecordingActions: ComputeActions, @unchecked Sendable {
    // @unchecked: `entries` and `failure` are only touched under `lock`.
    struct Call: Equatable, CustomStringConvertible {
        let name: String
        let uuid: String
        let detail: String
        var description: String { "\(name)(\(uuid)\(detail.isEmpty ? "" : ", " + detail))" }
    }

    private let lock = NSLock()
    private var entries: [Call] = []
    private var specs: [RequestSpec] = []
    var consoleText = "line1\nline2\nline3\n"

    var calls: [Call] { lock.withLock { entries } }
    var names: [String] { calls.map(\.name) }
    var lastSpecs: [RequestSpec] { lock.withLock { specs } }

    private func record(_ name: String, _ uuid: String, _ detail: String = "") {
        lock.withLock { entries.append(Call(name: name, uuid: uuid, detail: detail)) }
    }

    func scheduleAndBuild(
        _ ctx: RequestContext, requestSpecs: [RequestSpec], instances: [Instance], image: Image?,
        adminPassword: String?, requestedNetworks: JSONValue, tags: [String]
    ) async throws {
        lock.withLock { specs = requestSpecs }
        for i in instances { record("scheduleAndBuild", i.uuid, requestedNetworks.serialized()) }
    }
    func terminate(_ ctx: RequestContext, instance: Instance) async throws { record("terminate", instance.uuid) }
    func stop(_ ctx: RequestContext, instance: Instance) async throws { record("stop", instance.uuid) }
    func start(_ ctx: RequestContext, instance: Instance) async throws { record("start", instance.uuid) }
    func reboot(_ ctx: RequestContext, instance: Instance, type: String) async throws {
        record("reboot", instance.uuid, type)
    }
    func pause(_ ctx: RequestContext, instance: Instance) async throws { record("pause", instance.uuid) }
    func unpause(_ ctx: RequestContext, instance: Instance) async throws { record("unpause", instance.uuid) }
    func suspend(_ ctx: RequestContext, instance: Instance) async throws { record("suspend", instance.uuid) }
    func resume(_ ctx: RequestContext, instance: Instance) async throws { record("resume", instance.uuid) }
    func migrate(
        _ ctx: RequestContext, instance: Instance, flavor: Flavor?, host: String?, requestSpec: RequestSpec?
    ) async throws {
        record(flavor == nil ? "migrate" : "resize", instance.uuid, flavor?.flavorID ?? host ?? "")
    }
    func confirmResize(_ ctx: RequestContext, instance: Instance, migration: Migration) async throws {
        record("confirmResize", instance.uuid, migration.sourceCompute ?? "")
    }
    func revertResize(_ ctx: RequestContext, instance: Instance, migration: Migration) async throws {
        record("revertResize", instance.uuid, migration.destCompute ?? "")
    }
    func evacuate(_ ctx: RequestContext, instance: Instance, host: String?, requestSpec: RequestSpec?) async throws {
        record("evacuate", instance.uuid, host ?? "")
    }
    func consoleOutput(_ ctx: RequestContext, instance: Instance, tailLength: Int?) async throws -> String {
        record("consoleOutput", instance.uuid, tailLength.map(String.init) ?? "")
        return consoleText
    }
}
