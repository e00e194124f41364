import Common
import Foundation
import Testing

@testable import NovaAPI

@Suite("Limits and quota sets")
struct QuotaTests {
    @Test("limits at 2.1 match Nova's sample and count usage; network limits leave at 2.36, personality at 2.57")
    func limits() async throws {
        let h = await ControllerHarness()
        await h.addServer(flavorID: "2")
        await h.addServer(flavorID: "1")
        let r = await h.send("GET", "/v2.1/limits")
        #expect(r.status == 200)
        #expect(Shape.differences(r.doc, try JSONValue.parse(NovaSamples.limitsMv21)) == [])
        let abs = r.doc["limits"]?["absolute"]
        #expect(abs?["totalInstancesUsed"] == 2)
        #expect(abs?["totalCoresUsed"] == 2)
        #expect(abs?["totalRAMUsed"] == 2560)
        #expect(abs?["maxTotalInstances"] == 10)
        #expect(abs?["maxTotalFloatingIps"] == -1)
        let v236 = await h.send("GET", "/v2.1/limits", version: "2.36")
        #expect(v236.doc["limits"]?["absolute"]?["maxTotalFloatingIps"] == nil)
        #expect(v236.doc["limits"]?["absolute"]?["maxImageMeta"] != nil)
        let v257 = await h.send("GET", "/v2.1/limits", version: "2.57")
        #expect(v257.doc["limits"]?["absolute"]?["maxImageMeta"] == nil)
        #expect(v257.doc["limits"]?["absolute"]?["maxPersonality"] == nil)
        #expect(await h.send("GET", "/v2.1/limits?tenant_id=other").status == 403)
        #expect(
            await h.admin("GET", "/v2.1/limits?tenant_id=demo").doc["limits"]?["absolute"]?["totalInstancesUsed"] == 2)
    }

    @Test("quota sets: show, defaults, detail, update (admin, not below usage unless forced), delete")
    func quotaSets() async throws {
        let h = await ControllerHarness()
        await h.addServer()
        await h.addServer()
        let show = await h.send("GET", "/v2.1/os-quota-sets/demo")
        #expect(show.doc["quota_set"]?["id"] == "demo")
        #expect(show.doc["quota_set"]?["instances"] == 10)
        #expect(show.doc["quota_set"]?["fixed_ips"] == -1)
        #expect(show.doc["quota_set"]?.objectValue?.count == 15)
        #expect(await h.send("GET", "/v2.1/os-quota-sets/other").status == 403)
        let latest = await h.send("GET", "/v2.1/os-quota-sets/demo", version: "2.57")
        #expect(
            Set(latest.doc["quota_set"]?.objectValue?.keys.map { $0 } ?? []) == [
                "id", "instances", "cores", "ram", "metadata_items", "key_pairs", "server_groups",
                "server_group_members",
            ])
        let detail = await h.send("GET", "/v2.1/os-quota-sets/demo/detail")
        #expect(detail.doc["quota_set"]?["instances"] == ["limit": 10, "in_use": 2, "reserved": 0])
        let member = await h.send("PUT", "/v2.1/os-quota-sets/demo", body: ["quota_set": ["instances": 5]])
        #expect(member.status == 403)
        let below = await h.admin("PUT", "/v2.1/os-quota-sets/demo", body: ["quota_set": ["instances": 1]])
        #expect(below.status == 400)
        #expect(
            below.faultMessage
                == "Quota limit 1 for instances must be greater than or equal to already used and reserved 2.")
        let forced = await h.admin(
            "PUT", "/v2.1/os-quota-sets/demo", body: ["quota_set": ["instances": 1, "force": true]])
        #expect(forced.status == 200)
        #expect(forced.doc["quota_set"]?["instances"] == 1)
        #expect(forced.doc["quota_set"]?["id"] == nil)
        let boot = await h.send(
            "POST", "/v2.1/servers", version: "2.37",
            body: [
                "server": [
                    "name": "m", "flavorRef": "1", "imageRef": .string(ControllerHarness.imageID), "networks": "none",
                ]
            ])
        #expect(boot.faultMessage == "Quota exceeded for instances: Requested 1, but already used 2 of 1 instances")
        let bad = await h.admin("PUT", "/v2.1/os-quota-sets/demo", body: ["quota_set": ["instances": -2]])
        #expect(bad.status == 400)
        let unknown = await h.admin(
            "PUT", "/v2.1/os-quota-sets/demo", version: "2.36", body: ["quota_set": ["floating_ips": 5]])
        #expect(unknown.status == 400)
        #expect(await h.admin("DELETE", "/v2.1/os-quota-sets/demo").status == 202)
        #expect(await h.send("GET", "/v2.1/os-quota-sets/demo").doc["quota_set"]?["instances"] == 10)
        let defaults = await h.send("GET", "/v2.1/os-quota-sets/demo/defaults")
        #expect(defaults.doc["quota_set"]?["cores"] == 20)
    }
}
