import Common
import Foundation
import NovaDB

@testable import NovaAPI

/// The whole compute API (pipeline + every controller) over `DatabaseComputeAPIStore` on a fresh,
/// synced database, seeded as `ControllerHarness` seeds its memory store: flavors 1-3, the cirros image,
/// a controller and three up compute hosts with one node each.
final class DatabaseHarness: Sendable {
    let db: NovaStore
    let store: DatabaseComputeAPIStore
    let actions = RecordingActions()
    let pipeline: APIPipeline
    let settings: ComputeSettings
    private let cleanup: @Sendable () -> Void

    init(engine: DatabaseEngine = .sqlite, settings custom: ComputeSettings = ComputeSettings()) async throws {
        (db, cleanup) = try await engine.openStore()
        store = DatabaseComputeAPIStore(store: db)
        settings = custom
        let router = ComputeControllers.router(ComputeResources(store: store, actions: actions, settings: custom))
        var api = APISettings()
        api.maximumVersion = ControllerHarness.maximum
        pipeline = APIPipeline(router: router, authenticator: NoAuth2(), settings: api, logSink: CollectingLogSink())
        try await seed()
    }

    deinit { cleanup() }

    func seed() async throws {
        for (id, name, ram, disk, vcpus) in [
            ("1", "m1.tiny", 512, 1, 1), ("2", "m1.small", 2048, 20, 1), ("3", "m1.medium", 4096, 40, 2),
        ] {
            _ = try await db.createFlavor(ControllerHarness.flavor(id, name, ram: ram, disk: disk, vcpus: vcpus))
        }
        var image = Image()
        image.id = ControllerHarness.imageID
        image.name = "cirros"
        image.status = "active"
        image.size = 21_430_272
        image.diskFormat = "qcow2"
        image.containerFormat = "bare"
        _ = try await db.createImage(image)
        for binary in ["nova-scheduler", "nova-conductor"] {
            _ = try await db.reportService(
                Service(host: "controller", binary: binary, topic: String(binary.dropFirst(5))))
        }
        for host in ["compute1", "compute2", "compute3"] {
            let service = try await db.reportService(Service(host: host, binary: "nova-compute", topic: "compute"))
            _ = try await db.updateComputeNode(ControllerHarness.node(host, serviceID: service.id), inventory: [])
        }
    }

    /// A server as the conductor and compute leave it once built, written straight to the database.
    @discardableResult
    func addServer(
        name: String = "sample", project: String = "demo", user: String? = nil, host: String? = "compute1",
        vmState: VMState = .active, taskState: TaskState? = nil, flavorID: String = "1"
    ) async throws -> Instance {
        let flavor = try await db.flavor(flavorID: flavorID)
        var i = Instance()
        i.uuid = UUID().uuidString.lowercased()
        i.displayName = name
        i.hostname = name
        i.projectID = project
        i.userID = user ?? project
        i.imageRef = ControllerHarness.imageID
        i.flavor = flavor
        i.instanceTypeID = flavor.id
        i.vcpus = flavor.vcpus
        i.memoryMB = flavor.memoryMB
        i.rootGB = flavor.rootGB
        i.vmState = vmState
        i.taskState = taskState
        i.powerStateValue = vmState == .active ? .running : .noState
        i.host = host
        i.node = host
        i.reservationID = "r-abcdefgh"
        i.launchIndex = 0
        i.launchedAt = host == nil ? nil : Date()
        i.availabilityZone = host == nil ? nil : "nova"
        return try await db.createInstance(i)
    }

    func send(
        _ method: String, _ target: String, token: String? = "demo:demo", version: String? = nil,
        body: JSONValue? = nil
    ) async -> HTTPResponse {
        var h = HTTPHeaders([("Host", "127.0.0.1:8774")])
        if let token { h.add("X-Auth-Token", token) }
        if let version { h.add("OpenStack-API-Version", "compute \(version)") }
        let bytes = body.map { $0.serializedBytes() } ?? []
        if !bytes.isEmpty { h.add("Content-Type", "application/json") }
        return await pipeline.handle(
            HTTPRequest(method: method, target: target, headers: h, body: bytes, remoteAddress: "127.0.0.1:40000"))
    }

    func admin(_ method: String, _ target: String, version: String? = nil, body: JSONValue? = nil) async -> HTTPResponse
    {
        await send(method, target, token: "admin:admin", version: version, body: body)
    }
}
