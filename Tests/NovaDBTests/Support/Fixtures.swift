import Common
import Foundation
import NovaDB

/// Objects the store tests create.
enum Fixtures {
    static func flavor(
        _ flavorID: String = "1", name: String = "m1.tiny", vcpus: Int = 1, ram: Int = 512,
        disk: Int = 1
    ) -> Flavor {
        var f = Flavor()
        f.flavorID = flavorID
        f.name = name
        f.vcpus = vcpus
        f.memoryMB = ram
        f.rootGB = disk
        f.ephemeralGB = 0
        f.swap = 0
        f.rxtxFactor = 1.0
        f.isPublic = true
        f.disabled = false
        return f
    }

    static func instance(
        project: String = "p1", user: String = "u1", name: String = "vm", host: String? = nil,
        node: String? = nil, flavor f: Flavor = flavor()
    ) -> Instance {
        var i = Instance()
        i.uuid = UUID().uuidString.lowercased()
        i.projectID = project
        i.userID = user
        i.displayName = name
        i.host = host
        i.node = node
        i.vmState = .building
        i.taskState = .scheduling
        i.powerStateValue = .noState
        i.vcpus = f.vcpus
        i.memoryMB = f.memoryMB
        i.rootGB = f.rootGB
        i.flavor = f
        i.metadata = ["role": "web"]
        i.systemMetadata = ["image_base_image_ref": "img"]
        return i
    }
}

extension Fixtures {
    static func node(host: String, name: String, vcpus: Int = 8, ram: Int = 16384, disk: Int = 100) -> ComputeNode {
        var n = ComputeNode()
        n.host = host
        n.hypervisorHostname = name
        n.vcpus = vcpus
        n.memoryMB = ram
        n.localGB = disk
        n.hypervisorType = "fake"
        n.hypervisorVersion = 1
        n.cpuAllocationRatio = 1
        n.ramAllocationRatio = 1
        n.diskAllocationRatio = 1
        return n
    }

    static func inventory(
        vcpus: Int, ram: Int, disk: Int, reserved: [Int] = [0, 0, 0],
        ratios: [Double] = [1, 1, 1]
    ) -> [Inventory] {
        [
            Inventory(.vcpu, total: vcpus, reserved: reserved[0], allocationRatio: ratios[0]),
            Inventory(.memoryMB, total: ram, reserved: reserved[1], allocationRatio: ratios[1]),
            Inventory(.diskGB, total: disk, reserved: reserved[2], allocationRatio: ratios[2]),
        ]
    }
}
