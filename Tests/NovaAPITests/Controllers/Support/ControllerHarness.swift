import Common
import Foundation

@testable import NovaAPI

/// A whole compute API (pipeline + every controller) over an in-memory store seeded like the cloud of
/// shared/nova-samples: three flavors, one image, a controller and three compute hosts.
struct ControllerHarness {
    static let imageID = "fbfd291a-d385-472d-89b8-f9a8153a920d"
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    /// The newest microversion the controllers serve (raised with Microversion.maximum).
    static let maximum = Microversion.maximum

    let store: MemoryComputeStore
    let actions = RecordingActions()
    let pipeline: APIPipeline
    let settings: ComputeSettings

    init(settings custom: ComputeSettings? = nil, apiSettings: APISettings = APISettings()) async {
        store = MemoryComputeStore(clock: { ControllerHarness.now })
        var s = custom ?? ComputeSettings()
        s.now = { ControllerHarness.now }
        settings = s
        let router = ComputeControllers.router(ComputeResources(store: store, actions: actions, settings: s))
        var api = apiSettings
        api.maximumVersion = ControllerHarness.maximum
        pipeline = APIPipeline(router: router, authenticator: NoAuth2(), settings: api, logSink: CollectingLogSink())
        await seed()
    }

    func seed() async {
        for (id, name, ram, disk, vcpus) in [
            ("1", "m1.tiny", 512, 1, 1), ("2", "m1.small", 2048, 20, 1), ("3", "m1.medium", 4096, 40, 2),
        ] {
            await store.add(flavor: Self.flavor(id, name, ram: ram, disk: disk, vcpus: vcpus))
        }
        var image = Image()
        image.id = Self.imageID
        image.name = "cirros"
        image.status = "active"
        image.size = 21_430_272
        image.diskFormat = "qcow2"
        image.containerFormat = "bare"
        await store.add(image: image)
        for (host, binary) in [("controller", "nova-scheduler"), ("controller", "nova-conductor")] {
            await store.add(service: Self.service(host, binary))
        }
        for host in ["compute1", "compute2", "compute3"] {
            let service = await store.add(service: Self.service(host, "nova-compute"))
            await store.add(node: Self.node(host, serviceID: service.id))
        }
    }

    static func flavor(_ id: String, _ name: String, ram: Int, disk: Int, vcpus: Int) -> Flavor {
        var f = Flavor()
        f.flavorID = id
        f.name = name
        f.memoryMB = ram
        f.rootGB = disk
        f.vcpus = vcpus
        f.ephemeralGB = 0
        f.swap = 0
        f.rxtxFactor = 1.0
        f.isPublic = true
        f.disabled = false
        return f
    }

    static func service(_ host: String, _ binary: String) -> Service {
        var s = Service(host: host, binary: binary, topic: binary.replacingOccurrences(of: "nova-", with: ""))
        s.updatedAt = now
        s.lastSeenUp = now
        s.createdAt = now
        return s
    }

    static func node(_ host: String, serviceID: Int) -> ComputeNode {
        var n = ComputeNode()
        n.host = host
        n.hypervisorHostname = host
        n.serviceID = serviceID
        n.vcpus = 1000
        n.memoryMB = 800_000
        n.localGB = 600_000
        n.vcpusUsed = 0
        n.memoryMBUsed = 512
        n.localGBUsed = 0
        n.freeRamMB = 799_488
        n.freeDiskGB = 600_000
        n.currentWorkload = 0
        n.runningVMs = 0
        n.diskAvailableLeast = 0
        n.hypervisorType = "fake"
        n.hypervisorVersion = 1000
        n.hostIP = "127.0.0.1"
        n.cpuInfo = "{\"arch\": \"x86_64\", \"model\": \"Nehalem\", \"vendor\": \"Intel\"}"
        n.cpuAllocationRatio = 16
        n.ramAllocationRatio = 1.5
        n.diskAllocationRatio = 1
        return n
    }

    /// A server as the conductor and compute leave it once built: active, running, on `host`.
    @discardableResult
    func addServer(
        name: String = "sample", project: String = "demo", user: String? = nil, host: String? = "compute1",
        vmState: VMState = .active, taskState: TaskState? = nil, flavorID: String = "1"
    ) async -> Instance {
        let flavor = try! await store.flavor(flavorID: flavorID)
        var i = Instance()
        i.uuid = UUID().uuidString.lowercased()
        i.displayName = name
        i.hostname = name
        i.projectID = project
        i.userID = user ?? project
        i.imageRef = Self.imageID
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
        i.kernelID = ""
        i.ramdiskID = ""
        i.rootDeviceName = "/dev/sda"
        i.configDrive = ""
        i.launchedAt = host == nil ? nil : Self.now
        i.availabilityZone = host == nil ? nil : "nova"
        return await store.add(instance: i)
    }

    func send(
        _ method: String, _ target: String, token: String? = "demo:demo", version: String? = nil,
        body: JSONValue? = nil, rawBody: String? = nil
    ) async -> HTTPResponse {
        var h = HTTPHeaders([("Host", "127.0.0.1:8774")])
        if let token { h.add("X-Auth-Token", token) }
        if let version { h.add("OpenStack-API-Version", "compute \(version)") }
        let bytes = rawBody.map { Array($0.utf8) } ?? body.map { $0.serializedBytes() } ?? []
        if !bytes.isEmpty { h.add("Content-Type", "application/json") }
        let request = HTTPRequest(
            method: method, target: target, headers: h, body: bytes, remoteAddress: "127.0.0.1:40000")
        return await pipeline.handle(request)
    }

    /// As the admin user.
    func admin(_ method: String, _ target: String, version: String? = nil, body: JSONValue? = nil) async -> HTTPResponse
    {
        await send(method, target, token: "admin:admin", version: version, body: body)
    }
}
