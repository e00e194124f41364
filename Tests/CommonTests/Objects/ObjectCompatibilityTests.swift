import Testing

@testable import Common

@Suite struct ObjectCompatibilityTests {
    @Test func instanceForAnOlderPeerDropsNewerFields() throws {
        let i = ObjectFixtures.instance()
        let p = i.toPrimitive(version: ObjectVersion(2, 5))
        let data = try #require(p["nova_object.data"]?.objectValue)
        #expect(p["nova_object.version"] == "2.5")
        #expect(data["compute_id"] == nil)  // 2.8
        #expect(data["hidden"] == nil)  // 2.6
        #expect(data["keypairs"] != nil)  // 2.2, kept
        #expect(data["uuid"] == "8f1b2c3d-0000-4000-8000-000000000042")
        #expect(p["nova_object.changes"]?.arrayValue?.contains("compute_id") == false)
        let older = i.toPrimitive(version: ObjectVersion(2, 1))
        #expect(older["nova_object.data"]?["keypairs"] == nil)
        // Sending at our own version changes nothing.
        #expect(i.toPrimitive(version: ObjectVersion(2, 8)) == i.toPrimitive())
    }

    @Test func computeNodeForOlderPeers() throws {
        let n = ObjectFixtures.computeNode()
        let v116 = try #require(n.toPrimitive(version: ObjectVersion(1, 16))["nova_object.data"]?.objectValue)
        #expect(v116["mapped"] == nil)
        #expect(v116["disk_allocation_ratio"] != nil)
        let v112 = try #require(n.toPrimitive(version: ObjectVersion(1, 12))["nova_object.data"]?.objectValue)
        for f in ["uuid", "cpu_allocation_ratio", "ram_allocation_ratio", "disk_allocation_ratio", "mapped"] {
            #expect(v112[f] == nil, "\(f) is newer than 1.12")
        }
        #expect(v112["host"] == "compute-1")
        // service_id may not be null before 1.13: Nova's fallback is -1.
        #expect(v112["service_id"] == -1)
        let v16 = try #require(n.toPrimitive(version: ObjectVersion(1, 6))["nova_object.data"]?.objectValue)
        #expect(v16["host"] == nil)
        #expect(v16["host_ip"] != nil)
    }

    @Test func serviceAndRequestSpecForOlderPeers() throws {
        var s = Service(host: "compute-1", binary: "nova-compute", topic: "compute")
        s.uuid = "5e000000-0000-4000-8000-000000000001"
        s.lastSeenUp = ObjectFixtures.created
        let v120 = try #require(s.toPrimitive(version: ObjectVersion(1, 20))["nova_object.data"]?.objectValue)
        #expect(v120["uuid"] == nil)
        #expect(v120["version"] == .int(Service.currentServiceVersion))
        let v112 = try #require(s.toPrimitive(version: ObjectVersion(1, 12))["nova_object.data"]?.objectValue)
        #expect(v112["last_seen_up"] == nil && v112["forced_down"] == nil && v112["version"] == nil)

        var spec = RequestSpec()
        spec.userID = "u"
        spec.isBFV = false
        spec.requestedDestination = Destination(host: "h")
        let v18 = try #require(spec.toPrimitive(version: ObjectVersion(1, 8))["nova_object.data"]?.objectValue)
        #expect(v18["user_id"] == nil && v18["is_bfv"] == nil)
        #expect(v18["requested_destination"] != nil)
        let v15 = try #require(spec.toPrimitive(version: ObjectVersion(1, 5))["nova_object.data"]?.objectValue)
        #expect(v15["requested_destination"] == nil)
    }

    @Test func selectionOnePointZeroHasNoAvailabilityZone() throws {
        var s = Selection()
        s.serviceHost = "compute-1"
        s.availabilityZone = "az1"
        let p = s.toPrimitive(version: ObjectVersion(1, 0))
        #expect(p["nova_object.version"] == "1.0")
        #expect(p["nova_object.data"]?["availability_zone"] == nil)
        #expect(p["nova_object.data"]?["service_host"] == "compute-1")
        #expect(s.toPrimitive()["nova_object.data"]?["availability_zone"] == "az1")
    }

    @Test func instanceGroupBeforeOnePointElevenSendsPolicies() throws {
        var g = InstanceGroup()
        g.uuid = "9a000000-0000-4000-8000-000000000001"
        g.policy = "anti-affinity"
        g.rules = ["max_server_per_host": "2"]
        g.hosts = ["compute-1"]
        let p = g.toPrimitive(version: ObjectVersion(1, 10))
        let data = try #require(p["nova_object.data"]?.objectValue)
        #expect(data["policies"] == ["anti-affinity"])
        #expect(data["policy"] == nil)
        #expect(data["_rules"] == nil)
        #expect(data["hosts"] == ["compute-1"])
        // An old peer's primitive still yields the policy.
        let fromOld = try InstanceGroup.fromPrimitive(p)
        #expect(fromOld.policy == "anti-affinity")
        #expect(g.maxServerPerHost == 2)
        let v19 = try #require(g.toPrimitive(version: ObjectVersion(1, 9))["nova_object.data"]?.objectValue)
        #expect(v19["hosts"] == nil)
    }

    @Test func unknownObjectNameIsRefused() throws {
        let p: JSONValue = [
            "nova_object.name": "Spaceship", "nova_object.namespace": "nova",
            "nova_object.version": "1.0", "nova_object.data": [:],
        ]
        #expect(throws: ObjectError.unknownObject("Spaceship")) { try ObjectRegistry.decode(p) }
        #expect(throws: ObjectError.unknownObject("Spaceship")) { try Flavor.fromPrimitive(p) }
        #expect(throws: ObjectError.notAnObject) { try ObjectRegistry.decode(["name": "Flavor"]) }
    }

    @Test func newerMajorVersionIsRefused() throws {
        var p = try #require(ObjectFixtures.instance().toPrimitive().objectValue)
        p["nova_object.version"] = "3.0"
        #expect(throws: ObjectError.incompatibleVersion(name: "Instance", version: "3.0", supported: "2.8")) {
            try ObjectRegistry.decode(.object(p))
        }
        p["nova_object.version"] = "1.19"
        #expect(throws: ObjectError.self) { try Instance.fromPrimitive(.object(p)) }
    }

    @Test func newerMinorVersionWithUnknownFieldIsAccepted() throws {
        var p = try #require(ObjectFixtures.flavor().toPrimitive().objectValue)
        p["nova_object.version"] = "1.9"
        var data = try #require(p["nova_object.data"]?.objectValue)
        data["future_field"] = ["nested": true]
        p["nova_object.data"] = .object(data)
        p["nova_object.changes"] = ["future_field", "name"]
        let f = try Flavor.fromPrimitive(.object(p))
        #expect(f.name == "m1.small")
        #expect(!f.isSet("future_field"))
        #expect(f.whatChanged() == ["name"])
    }

    @Test func badFieldTypesAreRefused() throws {
        func flavor(with field: String, _ value: JSONValue) throws -> Flavor {
            var p = try #require(ObjectFixtures.flavor().toPrimitive().objectValue)
            var data = try #require(p["nova_object.data"]?.objectValue)
            data[field] = value
            p["nova_object.data"] = .object(data)
            return try Flavor.fromPrimitive(.object(p))
        }
        #expect(throws: ObjectError.self) { try flavor(with: "memory_mb", "lots") }
        #expect(throws: ObjectError.self) { try flavor(with: "memory_mb", .null) }
        #expect(throws: ObjectError.self) { try flavor(with: "is_public", "yes") }
        #expect(throws: ObjectError.self) { try flavor(with: "projects", [1, 2]) }
        #expect(throws: ObjectError.self) { try flavor(with: "extra_specs", ["a", "b"]) }
        #expect(throws: ObjectError.self) { try flavor(with: "created_at", "yesterday") }
        #expect(throws: ObjectError.self) { try flavor(with: "rxtx_factor", "fast") }
        // Nova coerces numeric strings for integer fields, and null is fine where nullable.
        #expect(try flavor(with: "memory_mb", "512").memoryMB == 512)
        #expect(try flavor(with: "vcpu_weight", .null).vcpuWeight == nil)
        // An enum field takes only its values; a nested object must be the declared type.
        var m = Migration()
        m.migrationType = .resize
        var mp = try #require(m.toPrimitive().objectValue)
        mp["nova_object.data"] = ["migration_type": "teleport"]
        #expect(throws: ObjectError.self) { try Migration.fromPrimitive(.object(mp)) }
        var ip = try #require(ObjectFixtures.instance().toPrimitive().objectValue)
        var idata = try #require(ip["nova_object.data"]?.objectValue)
        idata["flavor"] = ObjectFixtures.computeNode().toPrimitive()
        ip["nova_object.data"] = .object(idata)
        #expect(throws: ObjectError.self) { try Instance.fromPrimitive(.object(ip)) }
    }

    @Test func datetimesInAnyNovaFormAreNormalised() throws {
        var p = try #require(ObjectFixtures.flavor().toPrimitive().objectValue)
        var data = try #require(p["nova_object.data"]?.objectValue)
        data["created_at"] = "2026-11-22T10:00:00.000000+00:00"
        data["updated_at"] = "2026-11-22 10:00:01.250000"
        p["nova_object.data"] = .object(data)
        let f = try Flavor.fromPrimitive(.object(p))
        #expect(f["created_at"] == "2026-11-22T10:00:00Z")
        #expect(f["updated_at"] == "2026-11-22T10:00:01.250000Z")
        #expect(f.createdAt == ObjectFixtures.created)
    }
}

@Suite struct ObjectManifestTests {
    @Test func manifestBackportsNestedObjects() throws {
        var i = ObjectFixtures.instance()
        var g = InstanceGroup()
        g.policy = "affinity"
        var spec = RequestSpec()
        spec.flavor = i.flavor
        spec.instanceGroup = g
        let p = spec.toPrimitive(manifest: [
            "RequestSpec": ObjectVersion(1, 10), "Flavor": ObjectVersion(1, 1),
            "InstanceGroup": ObjectVersion(1, 10),
        ])
        #expect(p["nova_object.version"] == "1.10")
        let flavor = try #require(p["nova_object.data"]?["flavor"])
        #expect(flavor["nova_object.version"] == "1.1")
        #expect(flavor["nova_object.data"]?["description"] == nil)
        #expect(flavor["nova_object.data"]?["memory_mb"] == 2048)
        let group = try #require(p["nova_object.data"]?["instance_group"])
        #expect(group["nova_object.data"]?["policies"] == ["affinity"])

        i.keypairs = []
        let ip = i.toPrimitive(manifest: ["Flavor": ObjectVersion(1, 1)])
        #expect(ip["nova_object.version"] == "2.8")
        #expect(ip["nova_object.data"]?["flavor"]?["nova_object.version"] == "1.1")
        #expect(ip["nova_object.data"]?["keypairs"]?["nova_object.version"] == "1.3")
    }

    @Test func listsAreBackportedElementByElement() throws {
        let list = ComputeNodeList(objects: [ObjectFixtures.computeNode()])
        let p = list.toPrimitive(manifest: ["ComputeNode": ObjectVersion(1, 16)])
        let node = try #require(p["nova_object.data"]?["objects"]?.arrayValue?.first)
        #expect(node["nova_object.version"] == "1.16")
        #expect(node["nova_object.data"]?["mapped"] == nil)
    }

    @Test func registryManifestListsEveryObject() {
        let m = ObjectRegistry.manifest
        #expect(m["Instance"] == ObjectVersion(2, 8))
        #expect(m["Selection"] == ObjectVersion(1, 1))
        #expect(m.count == allObjectTypes.count)
    }
}
