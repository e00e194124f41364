import Common
import Foundation

/// Objects filled the way the services fill them, for the object tests.
enum ObjectFixtures {
    static let created = Date(timeIntervalSince1970: 1_795_341_600)  // 2026-11-22T10:00:00Z

    static func flavor(id: Int = 1, flavorID: String = "1") -> Flavor {
        var f = Flavor()
        f.id = id
        f.name = "m1.small"
        f.memoryMB = 2048
        f.vcpus = 1
        f.rootGB = 20
        f.ephemeralGB = 0
        f.flavorID = flavorID
        f.swap = 0
        f.rxtxFactor = 1.0
        f.vcpuWeight = nil
        f.disabled = false
        f.isPublic = true
        f.extraSpecs = ["hw:cpu_policy": "shared"]
        f.projects = []
        f.flavorDescription = "small"
        f.createdAt = created
        f.deleted = false
        return f
    }

    static func instance() -> Instance {
        var i = Instance()
        i.id = 42
        i.uuid = "8f1b2c3d-0000-4000-8000-000000000042"
        i.userID = "user-1"
        i.projectID = "project-1"
        i.displayName = "web-1"
        i.vmState = .active
        i.taskState = nil
        i.powerStateValue = .running
        i.host = "compute-1"
        i.node = "compute-1"
        i.computeID = 7
        i.memoryMB = 2048
        i.vcpus = 1
        i.rootGB = 20
        i.launchedAt = created.addingTimeInterval(30)
        i.metadata = ["role": "web"]
        i.locked = false
        i.hidden = false
        i.flavor = flavor()
        i.oldFlavor = nil
        i.newFlavor = nil
        var kp = KeyPair()
        kp.name = "mykey"
        kp.type = "ssh"
        kp.publicKey = "ssh-ed25519 AAAA test"
        i.keypairs = [kp]
        i.createdAt = created
        return i
    }

    static func computeNode() -> ComputeNode {
        var n = ComputeNode()
        n.id = 7
        n.uuid = "c0ffee00-0000-4000-8000-000000000007"
        n.serviceID = nil
        n.host = "compute-1"
        n.hypervisorHostname = "compute-1"
        n.hypervisorType = "fake"
        n.hypervisorVersion = 1000
        n.vcpus = 8
        n.memoryMB = 16384
        n.localGB = 200
        n.vcpusUsed = 1
        n.memoryMBUsed = 2560
        n.localGBUsed = 20
        n.stats = ["num_instances": "1"]
        n.hostIP = "192.0.2.10"
        n.cpuAllocationRatio = 16.0
        n.ramAllocationRatio = 1.5
        n.diskAllocationRatio = 1.0
        n.mapped = 1
        return n
    }

    /// A primitive's JSON text, parsed back, as a peer receives it.
    static func overTheWire(_ p: JSONValue) throws -> JSONValue {
        try JSONValue.parse(p.serialized())
    }
}
