import Foundation
import Testing

@testable import Common

@Suite struct ObjectRoundTripTests {
    @Test func primitiveUsesNovasKeys() throws {
        let p = ObjectFixtures.flavor().toPrimitive()
        let keys = Set(try #require(p.objectValue).keys)
        #expect(
            keys == [
                "nova_object.name", "nova_object.namespace", "nova_object.version",
                "nova_object.data", "nova_object.changes",
            ])
        #expect(p["nova_object.name"] == "Flavor")
        #expect(p["nova_object.namespace"] == "nova")
        #expect(p["nova_object.version"] == "1.2")
        #expect(p["nova_object.data"]?["memory_mb"] == 2048)
        #expect(p["nova_object.data"]?["flavorid"] == "1")
        #expect(p["nova_object.data"]?["created_at"] == "2026-11-22T10:00:00Z")
        #expect(p["nova_object.changes"]?.arrayValue?.contains("extra_specs") == true)
    }

    @Test func flavorSurvivesJSONTextRoundTrip() throws {
        let f = ObjectFixtures.flavor()
        let back = try Flavor.fromPrimitive(try ObjectFixtures.overTheWire(f.toPrimitive()))
        #expect(back == f)
        #expect(back.extraSpecs == ["hw:cpu_policy": "shared"])
        #expect(back.rxtxFactor == 1.0)
        #expect(back.createdAt == ObjectFixtures.created)
    }

    @Test func instanceWithNestedObjectsSurvivesRoundTrip() throws {
        let i = ObjectFixtures.instance()
        let back = try Instance.fromPrimitive(try ObjectFixtures.overTheWire(i.toPrimitive()))
        #expect(back == i)
        #expect(back.flavor?.memoryMB == 2048)
        #expect(back.flavor?.name == "m1.small")
        #expect(back.oldFlavor == nil)
        #expect(back.keypairs.map(\.name) == ["mykey"])
        #expect(back.vmState == .active)
        #expect(back.powerStateValue == .running)
        #expect(back.launchedAt == ObjectFixtures.created.addingTimeInterval(30))
        #expect(back.name == "instance-0000002a")
        // The nested flavor travels as a full primitive of its own.
        let p = i.toPrimitive()
        #expect(p["nova_object.data"]?["flavor"]?["nova_object.name"] == "Flavor")
        #expect(p["nova_object.data"]?["keypairs"]?["nova_object.name"] == "KeyPairList")
        #expect(p["nova_object.data"]?["old_flavor"] == .null)
    }

    @Test func registryDecodesToTheRightType() throws {
        let p = try ObjectFixtures.overTheWire(ObjectFixtures.computeNode().toPrimitive())
        let o = try ObjectRegistry.decode(p)
        let node = try #require(o as? ComputeNode)
        #expect(node.hypervisorHostname == "compute-1")
        #expect(node.stats == ["num_instances": "1"])
        #expect(node.cpuAllocationRatio == 16.0)
    }

    @Test func everyRegisteredTypeRoundTripsEmpty() throws {
        for t in allObjectTypes {
            let p = t.init().toPrimitive()
            let back = try ObjectRegistry.decode(try ObjectFixtures.overTheWire(p))
            #expect(type(of: back).objName == t.objName)
            #expect(ObjectRegistry.type(named: t.objName) != nil)
        }
        #expect(Set(allObjectTypes.map { $0.objName }).count == allObjectTypes.count)
    }

    @Test func requestSpecCarriesFlavorImageAndHints() throws {
        var spec = RequestSpec()
        spec.instanceUUID = "8f1b2c3d-0000-4000-8000-000000000042"
        spec.projectID = "project-1"
        spec.flavor = ObjectFixtures.flavor()
        var image = Image()
        image.id = "5c3b9a00-0000-4000-8000-0000000000aa"
        image.name = "cirros"
        image.minDisk = 1
        image.properties = ["hw_architecture": "x86_64", "custom": "x"]
        spec.image = image.imageMeta()
        spec.numInstances = 2
        spec.schedulerHints = ["same_host": ["a", "b"]]
        spec.requestedDestination = Destination(host: "compute-2")
        spec.limits = SchedulerLimits(vcpu: 128, diskGB: nil, memoryMB: 24576)
        spec.retry = SchedulerRetries(numAttempts: 1, hosts: [ObjectFixtures.computeNode()])
        let back = try RequestSpec.fromPrimitive(try ObjectFixtures.overTheWire(spec.toPrimitive()))
        #expect(back == spec)
        #expect(back.memoryMB == 2048)
        #expect(back.image?.minDisk == 1)
        #expect(back.image?.properties?.hwArchitecture == "x86_64")
        #expect(back.schedulerHints == ["same_host": ["a", "b"]])
        #expect(back.requestedDestination?.host == "compute-2")
        #expect(back.limits?.memoryMB == 24576)
        #expect(back.retry?.hosts.first?.hypervisorHostname == "compute-1")
    }

    @Test func listObjectsWrapTheirElements() throws {
        let list = ComputeNodeList(objects: [ObjectFixtures.computeNode(), ObjectFixtures.computeNode()])
        let p = list.toPrimitive()
        #expect(p["nova_object.name"] == "ComputeNodeList")
        #expect(p["nova_object.data"]?["objects"]?.arrayValue?.count == 2)
        let back = try ComputeNodeList.fromPrimitive(try ObjectFixtures.overTheWire(p))
        #expect(back.count == 2)
        #expect(back[1].uuid == "c0ffee00-0000-4000-8000-000000000007")
        #expect(back.map(\.vcpus) == [8, 8])
    }

    @Test func selectionKeepsAllocationRequestAsJSONText() throws {
        var s = Selection()
        s.computeNodeUUID = "c0ffee00-0000-4000-8000-000000000007"
        s.serviceHost = "compute-1"
        s.nodename = "compute-1"
        s.cellUUID = "00000000-0000-0000-0000-000000000000"
        s.allocationRequestJSON = ["allocations": ["c0ffee00": ["resources": ["VCPU": 1]]]]
        s.allocationRequestVersion = "1.29"
        s.availabilityZone = "nova"
        let p = s.toPrimitive()
        #expect(p["nova_object.data"]?["allocation_request"]?.stringValue != nil)
        let back = try Selection.fromPrimitive(try ObjectFixtures.overTheWire(p))
        #expect(back.allocationRequestJSON?["allocations"]?["c0ffee00"]?["resources"]?["VCPU"] == 1)
        #expect(back == s)
    }

    /// A Flavor 1.1 primitive as Nova's Python serializer writes it (json.dumps of obj_to_primitive,
    /// the form Nova keeps in instance_extra.flavor): older minor version, key order and spacing of
    /// Python, floats as `1.0`, datetimes as `...Z`.
    @Test func decodesAFlavorPrimitiveWrittenByNova() throws {
        let text = """
            {"nova_object.version": "1.1", "nova_object.changes": ["extra_specs"], \
            "nova_object.name": "Flavor", "nova_object.data": {"disabled": false, "root_gb": 40, \
            "name": "m1.medium", "flavorid": "3", "deleted": false, "created_at": "2016-12-01T20:48:10Z", \
            "ephemeral_gb": 0, "updated_at": null, "memory_mb": 4096, "vcpus": 2, \
            "extra_specs": {"hw:mem_page_size": "large"}, "swap": 0, "rxtx_factor": 1.0, "is_public": true, \
            "deleted_at": null, "vcpu_weight": 0, "id": 12}, "nova_object.namespace": "nova"}
            """
        let f = try Flavor.fromPrimitive(try JSONValue.parse(text))
        #expect(f.id == 12)
        #expect(f.name == "m1.medium")
        #expect(f.flavorID == "3")
        #expect(f.memoryMB == 4096)
        #expect(f.vcpus == 2)
        #expect(f.rootGB == 40)
        #expect(f.rxtxFactor == 1.0)
        #expect(f.vcpuWeight == 0)
        #expect(f.isPublic)
        #expect(!f.disabled)
        #expect(f.extraSpecs == ["hw:mem_page_size": "large"])
        #expect(f.createdAt == NovaTime.parse("2016-12-01T20:48:10Z"))
        #expect(f.updatedAt == nil)
        #expect(f.whatChanged() == ["extra_specs"])
        #expect(!f.isSet("description"))
    }
}
