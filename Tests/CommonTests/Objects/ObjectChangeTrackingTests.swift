import Testing

@testable import Common

@Suite struct ObjectChangeTrackingTests {
    @Test func settersRecordChangesAndResetClearsThem() {
        var f = ObjectFixtures.flavor()
        #expect(f.whatChanged().contains("memory_mb"))
        f.resetChanges()
        #expect(f.whatChanged().isEmpty)
        #expect(f.toPrimitive()["nova_object.changes"] == nil)
        f.memoryMB = 4096
        f.extraSpecs = ["a": "b"]
        #expect(f.whatChanged() == ["memory_mb", "extra_specs"])
        #expect(f.changedValues == ["memory_mb": 4096, "extra_specs": ["a": "b"]])
        #expect(f.toPrimitive()["nova_object.changes"] == ["extra_specs", "memory_mb"])
    }

    @Test func changesSurviveTheWire() throws {
        var i = ObjectFixtures.instance()
        i.resetChanges()
        i.taskState = .rebooting
        i.vmState = .active
        let back = try Instance.fromPrimitive(try ObjectFixtures.overTheWire(i.toPrimitive()))
        #expect(back.whatChanged() == ["task_state", "vm_state"])
        #expect(back.taskState == .rebooting)
    }

    @Test func clearingAFieldIsAChangeToNull() {
        var i = ObjectFixtures.instance()
        i.resetChanges()
        i.taskState = nil
        i.host = nil
        #expect(i.whatChanged() == ["task_state", "host"])
        #expect(i["host"] == .null)
        // A non-nullable nested object is unset rather than nulled.
        i.flavor = nil
        #expect(!i.isSet("flavor"))
    }

    @Test func nestedObjectKeepsItsOwnChanges() throws {
        var i = ObjectFixtures.instance()
        var f = try #require(i.flavor)
        f.resetChanges()
        f.vcpus = 4
        i.resetChanges()
        i.newFlavor = f
        #expect(i.whatChanged() == ["new_flavor"])
        #expect(i.newFlavor?.whatChanged() == ["vcpus"])
        #expect(i.newFlavor?.vcpus == 4)
    }

    @Test func setDefaultsFillsNovaDefaults() {
        var g = InstanceGroup()
        g.setDefaults()
        #expect(g.rules == [:])
        #expect(g.isSet("_rules"))
        #expect(g.deleted == false)
        var spec = RequestSpec()
        spec.setDefaults()
        #expect(spec.numInstances == 1)
        #expect(spec.requestedDestination == nil && spec.isSet("requested_destination"))
    }
}
