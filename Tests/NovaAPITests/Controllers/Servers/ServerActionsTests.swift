import Common
import Foundation
import Testing

@testable import NovaAPI

@Suite("Server actions")
struct ServerActionsTests {
    func act(
        _ h: ControllerHarness, _ s: Instance, _ body: JSONValue, token: String = "demo:demo", version: String? = nil
    )
        async -> HTTPResponse
    {
        await h.send("POST", "/v2.1/servers/\(s.uuid)/action", token: token, version: version, body: body)
    }

    func stored(_ h: ControllerHarness, _ s: Instance) async throws -> Instance {
        try await h.store.instance(uuid: s.uuid, readDeleted: false)
    }

    @Test("os-stop on an active server: 202, powering-off, action recorded, cast to its compute")
    func stop() async throws {
        let h = await ControllerHarness()
        let s = await h.addServer()
        let r = await act(h, s, ["os-stop": nil])
        #expect(r.status == 202)
        #expect(r.body.isEmpty)
        #expect(try await stored(h, s).taskState == .poweringOff)
        #expect(h.actions.names == ["stop"])
        #expect(await h.store.storedActions().last?.action == "stop")
        #expect(await h.store.storedActions().last?.requestID == r.header("x-openstack-request-id"))
    }

    @Test("actions refused in the wrong state answer 409 in Nova's words")
    func wrongState() async throws {
        let h = await ControllerHarness()
        let s = await h.addServer()
        let start = await act(h, s, ["os-start": nil])
        #expect(start.status == 409)
        #expect(start.faultName == "conflictingRequest")
        #expect(start.faultMessage == "Cannot 'start' instance \(s.uuid) while it is in vm_state active")
        let busy = await h.addServer(taskState: .rebooting)
        let stop = await act(h, busy, ["os-stop": nil])
        #expect(stop.faultMessage == "Cannot 'stop' instance \(busy.uuid) while it is in task_state rebooting")
        let resume = await act(h, s, ["resume": nil])
        #expect(resume.faultMessage == "Cannot 'resume' instance \(s.uuid) while it is in vm_state active")
        #expect(h.actions.calls.isEmpty)
    }

    @Test("a server without a host is not ready (409)")
    func notReady() async throws {
        let h = await ControllerHarness()
        let s = await h.addServer(host: nil, vmState: .stopped)
        let r = await act(h, s, ["os-start": nil])
        #expect(r.status == 409)
        #expect(r.faultMessage == "Instance \(s.uuid) is not ready")
    }

    @Test("reboot: soft only when active, hard from stopped too; bad type is a schema 400")
    func reboot() async throws {
        let h = await ControllerHarness()
        let stopped = await h.addServer(vmState: .stopped)
        let soft = await act(h, stopped, ["reboot": ["type": "SOFT"]])
        #expect(soft.status == 409)
        let hard = await act(h, stopped, ["reboot": ["type": "hard"]])
        #expect(hard.status == 202)
        #expect(try await stored(h, stopped).taskState == .rebootingHard)
        #expect(h.actions.calls.last == .init(name: "reboot", uuid: stopped.uuid, detail: "HARD"))
        let bad = await act(h, stopped, ["reboot": ["type": "WARM"]])
        #expect(bad.status == 400)
        #expect(bad.faultMessage?.hasPrefix("Invalid input for field/attribute type. Value: WARM.") == true)
        let unknown = await act(h, stopped, ["dance": nil])
        #expect(unknown.status == 400)
        #expect(unknown.faultMessage == "There is no such action: dance")
    }

    @Test("pause, unpause, suspend and resume move the task state and cast")
    func pauseSuspend() async throws {
        let h = await ControllerHarness()
        let a = await h.addServer()
        #expect(await act(h, a, ["pause": nil]).status == 202)
        #expect(try await stored(h, a).taskState == .pausing)
        let p = await h.addServer(vmState: .paused)
        #expect(await act(h, p, ["unpause": nil]).status == 202)
        let b = await h.addServer()
        #expect(await act(h, b, ["suspend": nil]).status == 202)
        let s = await h.addServer(vmState: .suspended)
        #expect(await act(h, s, ["resume": nil]).status == 202)
        #expect(h.actions.names == ["pause", "unpause", "suspend", "resume"])
    }

    @Test("lock: a locked server refuses members' actions; an admin's lock needs the override to unlock")
    func lock() async throws {
        let h = await ControllerHarness()
        let s = await h.addServer()
        #expect(await act(h, s, ["lock": nil]).status == 202)
        #expect(try await stored(h, s).locked)
        #expect(try await stored(h, s).lockedBy == "owner")
        let stop = await act(h, s, ["os-stop": nil])
        #expect(stop.status == 409)
        #expect(stop.faultMessage == "Instance \(s.uuid) is locked")
        let shown = await h.send("GET", "/v2.1/servers/\(s.uuid)", version: "2.9")
        #expect(shown.doc["server"]?["locked"] == true)
        #expect(await act(h, s, ["unlock": nil]).status == 202)
        #expect(
            await act(h, s, ["lock": ["locked_reason": "maintenance"]], token: "admin:admin", version: "2.73").status
                == 202)
        let reason = await h.send("GET", "/v2.1/servers/\(s.uuid)", version: "2.73")
        #expect(reason.doc["server"]?["locked_reason"] == "maintenance")
        let refused = await act(h, s, ["unlock": nil])
        #expect(refused.status == 403)
        #expect(
            refused.faultMessage
                == "Policy doesn't allow os_compute_api:os-lock-server:unlock:unlock_override to be performed.")
        let early = await act(h, s, ["lock": ["locked_reason": "x"]], version: "2.72")
        #expect(early.status == 202)
    }

    @Test("resize: same flavor and unknown flavor are 400; a good one goes to the conductor with resize_prep")
    func resize() async throws {
        let h = await ControllerHarness()
        let s = await h.addServer(flavorID: "1")
        let same = await act(h, s, ["resize": ["flavorRef": "1"]])
        #expect(same.status == 400)
        #expect(same.faultMessage == "When resizing, instances must change flavor!")
        let unknown = await act(h, s, ["resize": ["flavorRef": "42"]])
        #expect(unknown.status == 400)
        #expect(unknown.faultMessage == "Flavor 42 could not be found.")
        let ok = await act(h, s, ["resize": ["flavorRef": "http://127.0.0.1:8774/flavors/2"]])
        #expect(ok.status == 202)
        #expect(try await stored(h, s).taskState == .resizePrep)
        #expect(h.actions.calls == [.init(name: "resize", uuid: s.uuid, detail: "2")])
    }

    @Test("resize past the cores quota is 403")
    func resizeQuota() async throws {
        var settings = ComputeSettings()
        settings.quotaDefaults["cores"] = 1
        let h = await ControllerHarness(settings: settings)
        let s = await h.addServer(flavorID: "1")
        let r = await act(h, s, ["resize": ["flavorRef": "3"]])
        #expect(r.status == 403)
        #expect(r.faultMessage == "Quota exceeded for cores: Requested 1, but already used 1 of 1 cores")
    }

    @Test("confirm and revert need a finished resize; confirm is 204 to the source, revert 202 to the destination")
    func confirmRevert() async throws {
        let h = await ControllerHarness()
        let s = await h.addServer(vmState: .resized)
        var m = Migration()
        m.set("instance_uuid", s.uuid)
        m.sourceCompute = "compute1"
        m.destCompute = "compute2"
        m.status = "finished"
        m.migrationType = .resize
        let stored = await h.store.add(migration: m)
        let confirm = await act(h, s, ["confirmResize": nil])
        #expect(confirm.status == 204)
        #expect(h.actions.calls.last == .init(name: "confirmResize", uuid: s.uuid, detail: "compute1"))
        var q = MigrationQuery()
        q.instanceUUID = s.uuid
        #expect(try await h.store.migrations(q).first?.status == "confirming")
        _ = try await h.store.saveMigration(uuid: stored.uuid, changes: ["status": "finished"])
        let revert = await act(h, s, ["revertResize": nil])
        #expect(revert.status == 202)
        #expect(h.actions.calls.last == .init(name: "revertResize", uuid: s.uuid, detail: "compute2"))
        let active = await h.addServer()
        let nothing = await act(h, active, ["confirmResize": nil])
        #expect(nothing.status == 409)
        let unresized = await h.addServer(vmState: .resized)
        let missing = await act(h, unresized, ["revertResize": nil])
        #expect(missing.status == 400)
        #expect(missing.faultMessage == "Instance has not been resized.")
    }

    @Test("migrate is admin-only; to the same host is 400; a host is ignored before 2.56")
    func migrate() async throws {
        let h = await ControllerHarness()
        let s = await h.addServer()
        let member = await act(h, s, ["migrate": nil])
        #expect(member.status == 403)
        let same = await act(h, s, ["migrate": ["host": "compute1"]], token: "admin:admin", version: "2.56")
        #expect(same.status == 400)
        #expect(same.faultMessage == "Cannot migrate to the host where the server exists.")
        let early = await act(h, s, ["migrate": ["host": "compute2"]], token: "admin:admin")
        #expect(early.status == 202)
        let t = await h.addServer()
        let ok = await act(h, t, ["migrate": ["host": "compute2"]], token: "admin:admin", version: "2.56")
        #expect(ok.status == 202)
        #expect(
            h.actions.calls == [
                .init(name: "migrate", uuid: s.uuid, detail: ""),
                .init(name: "migrate", uuid: t.uuid, detail: "compute2"),
            ])
        let busy = await act(h, t, ["migrate": nil], token: "admin:admin", version: "2.56")
        #expect(busy.faultMessage == "Cannot 'migrate' instance \(t.uuid) while it is in task_state resize_prep")
    }

    @Test("evacuate only when the host is down; 200 with adminPass before 2.14")
    func evacuate() async throws {
        let h = await ControllerHarness()
        let s = await h.addServer()
        let up = await act(h, s, ["evacuate": ["onSharedStorage": false]], token: "admin:admin")
        #expect(up.status == 400)
        #expect(up.faultMessage == "Compute service of compute1 is still in use.")
        var down = ControllerHarness.service("compute9", "nova-compute")
        down.forcedDown = true
        await h.store.add(service: down)
        let stranded = await h.addServer(host: "compute9")
        let old = await act(h, stranded, ["evacuate": ["onSharedStorage": false]], token: "admin:admin")
        #expect(old.status == 200)
        #expect(old.doc["adminPass"]?.stringValue?.count == 12)
        #expect(try await stored(h, stranded).taskState == .rebuilding)
        let other = await h.addServer(host: "compute9")
        let new = await act(h, other, ["evacuate": ["host": "compute2"]], token: "admin:admin", version: "2.14")
        #expect(new.status == 200)
        #expect(new.body.isEmpty)
        #expect(h.actions.calls.map(\.detail) == ["", "compute2"])
        let member = await act(h, other, ["evacuate": [:]], version: "2.14")
        #expect(member.status == 403)
    }

    @Test("console output comes from the compute, control characters removed")
    func console() async throws {
        let h = await ControllerHarness()
        h.actions.consoleText = "boot\u{07}ok\n"
        let s = await h.addServer()
        let r = await act(h, s, ["os-getConsoleOutput": ["length": 5]])
        #expect(r.status == 200)
        #expect(r.doc["output"] == "bootok\n")
        #expect(h.actions.calls == [.init(name: "consoleOutput", uuid: s.uuid, detail: "5")])
    }
}
