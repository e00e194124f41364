import Common
import Foundation
import Testing

@testable import NovaAPI

@Suite("Servers across microversions")
struct ServerMicroversionTests {
    /// Fields of Nova 34's latest server view that arrived after our maximum (2.85).
    static let afterMaximum = [
        "server.image.properties: missing", "server.pinned_availability_zone: missing",
        "server.scheduler_hints: missing",
    ]

    @Test("show at our latest has Nova 34's latest fields, but those of microversions past ours")
    func latestShape() async throws {
        let h = await ControllerHarness()
        let server = await h.addServer(name: "sample-1", project: "admin")
        let r = await h.admin("GET", "/v2.1/servers/\(server.uuid)", version: "latest")
        #expect(r.header("OpenStack-API-Version") == "compute \(Microversion.maximum)")
        let diff = Shape.differences(r.doc, try JSONValue.parse(NovaSamples.serverShowMvlatest))
        #expect(diff == Self.afterMaximum)
        let s = r.doc["server"]
        #expect(s?["flavor"]?["original_name"] == "m1.tiny")
        #expect(s?["flavor"]?["ram"] == 512)
        #expect(s?["host_status"] == "UP")
        #expect(s?["locked"] == false)
        #expect(s?["server_groups"] == [])
        #expect(s?["OS-EXT-SRV-ATTR:reservation_id"] == "r-abcdefgh")
        let detail = await h.admin("GET", "/v2.1/servers/detail", version: "latest")
        let detailDiff = Shape.differences(detail.doc, try JSONValue.parse(NovaSamples.serversDetailMvlatest))
        #expect(
            detailDiff == [
                "servers[0].image.properties: missing", "servers[0].pinned_availability_zone: missing",
                "servers[0].scheduler_hints: missing",
            ])
    }

    @Test("a version above the maximum is 406 naming our maximum")
    func tooNew() async throws {
        let h = await ControllerHarness()
        let r = await h.send("GET", "/v2.1/servers", version: "2.86")
        #expect(r.status == 406)
        #expect(r.faultMessage == "Version 2.86 is not supported by the API. Minimum is 2.1 and maximum is 2.85.")
    }

    @Test("host_status (2.16): UP, MAINTENANCE when disabled, DOWN when forced down, UNKNOWN when silent; admins only")
    func hostStatus() async throws {
        let h = await ControllerHarness()
        let s = await h.addServer(host: "compute2")
        func status() async -> JSONValue? {
            await h.admin("GET", "/v2.1/servers/\(s.uuid)", version: "2.16").doc["server"]?["host_status"]
        }
        #expect(await status() == "UP")
        let service = try #require(await h.store.services(host: "compute2", binary: "nova-compute").first)
        _ = try await h.store.updateService(id: service.id, changes: ["disabled": true])
        #expect(await status() == "MAINTENANCE")
        _ = try await h.store.updateService(id: service.id, changes: ["disabled": false, "forced_down": true])
        #expect(await status() == "DOWN")
        let old = ControllerHarness.now.addingTimeInterval(-600)
        _ = try await h.store.updateService(
            id: service.id, changes: ["forced_down": false, "last_seen_up": .string(NovaTime.format(old))])
        #expect(await status() == "UNKNOWN")
        let member = await h.send("GET", "/v2.1/servers/\(s.uuid)", version: "2.16")
        #expect(member.doc["server"]?["host_status"] == nil)
    }

    @Test("embedded flavor from 2.47; extra specs shown to those allowed")
    func embeddedFlavor() async throws {
        let h = await ControllerHarness()
        _ = try await h.store.setFlavorExtraSpecs(flavorID: "2", ["hw:cpu_policy": "shared"])
        let s = await h.addServer(flavorID: "2")
        let old = await h.send("GET", "/v2.1/servers/\(s.uuid)", version: "2.46")
        #expect(old.doc["server"]?["flavor"]?["id"] == "2")
        let new = await h.send("GET", "/v2.1/servers/\(s.uuid)", version: "2.47")
        #expect(
            new.doc["server"]?["flavor"] == [
                "vcpus": 1, "ram": 2048, "disk": 20, "ephemeral": 0, "swap": 0, "original_name": "m1.small",
                "extra_specs": ["hw:cpu_policy": "shared"],
            ])
    }

    @Test("2.74: host and hypervisor_hostname must name a compute; admins only")
    func requestedDestination() async throws {
        let h = await ControllerHarness()
        func boot(_ extra: [String: JSONValue], token: String = "admin:admin") async -> HTTPResponse {
            var server: [String: JSONValue] = [
                "name": "d", "flavorRef": "1", "imageRef": .string(ControllerHarness.imageID), "networks": "none",
            ]
            for (k, v) in extra { server[k] = v }
            return await h.send(
                "POST", "/v2.1/servers", token: token, version: "2.74", body: ["server": .object(server)])
        }
        #expect(await boot(["host": "compute2"], token: "demo:demo").status == 403)
        let unknown = await boot(["host": "ghost"])
        #expect(unknown.status == 400)
        #expect(unknown.faultMessage == "Compute host ghost could not be found.")
        let both = await boot(["host": "compute2", "availability_zone": "nova:compute2"])
        #expect(both.status == 400)
        #expect(await boot(["host": "compute2", "hypervisor_hostname": "compute2"]).status == 202)
        #expect(h.actions.lastSpecs.first?.requestedDestination?.host == "compute2")
        let early = await h.send(
            "POST", "/v2.1/servers", token: "admin:admin", version: "2.73",
            body: [
                "server": [
                    "name": "d", "flavorRef": "1", "imageRef": .string(ControllerHarness.imageID), "networks": "none",
                    "host": "compute2",
                ]
            ])
        #expect(early.status == 400)
    }

    @Test("trusted image certificates (2.63) are refused: no driver here verifies signatures")
    func trustedCerts() async throws {
        let h = await ControllerHarness()
        let r = await h.send(
            "POST", "/v2.1/servers", version: "2.63",
            body: [
                "server": [
                    "name": "t", "flavorRef": "1", "imageRef": .string(ControllerHarness.imageID), "networks": "none",
                    "trusted_image_certificates": ["cert-1"],
                ]
            ])
        #expect(r.status == 400)
        #expect(h.actions.calls.isEmpty)
    }

    @Test("2.75: unknown list parameters are 400, update answers the whole server")
    func strict() async throws {
        let h = await ControllerHarness()
        let s = await h.addServer()
        #expect(await h.send("GET", "/v2.1/servers?bogus=1", version: "2.74").status == 200)
        let strict = await h.send("GET", "/v2.1/servers?bogus=1", version: "2.75")
        #expect(strict.status == 400)
        #expect(strict.faultMessage == "'bogus' does not match any of the regexes: '^_'")
        let update = await h.send("PUT", "/v2.1/servers/\(s.uuid)", version: "2.75", body: ["server": ["name": "n"]])
        #expect(update.doc["server"]?["OS-EXT-STS:vm_state"] == "active")
    }

    @Test("2.83: members may filter on more fields, which were dropped before")
    func memberFilters() async throws {
        let h = await ControllerHarness()
        await h.addServer(name: "on")
        await h.addServer(name: "off", vmState: .stopped)
        let before = await h.send("GET", "/v2.1/servers?vm_state=stopped", version: "2.82")
        #expect(before.doc["servers"]?.arrayValue?.count == 2)
        let after = await h.send("GET", "/v2.1/servers?vm_state=stopped", version: "2.83")
        #expect(after.doc["servers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["off"])
        let zone = await h.send("GET", "/v2.1/servers?availability_zone=nov", version: "2.83")
        #expect(zone.doc["servers"]?.arrayValue?.count == 2)
    }
}
