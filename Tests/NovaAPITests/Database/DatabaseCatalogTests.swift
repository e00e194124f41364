import Common
import Foundation
import NovaDB
import Testing

@testable import NovaAPI

/// Flavors, images and key pairs over the database store.
@Suite("Database store: flavors, images, key pairs")
struct DatabaseCatalogTests {
    @Test("flavors: detail matches Nova's sample; filters, sort, paging, 404", arguments: DatabaseEngine.allCases)
    func flavorReads(engine: DatabaseEngine) async throws {
        let h = try await DatabaseHarness(engine: engine)
        let detail = await h.send("GET", "/v2.1/flavors/detail")
        #expect(Shape.differences(detail.doc, try JSONValue.parse(NovaSamples.flavorsDetailMv21)) == [])
        func ids(_ q: String) async -> [String] {
            let r = await h.send("GET", "/v2.1/flavors\(q)")
            return (r.doc["flavors"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
        }
        #expect(await ids("") == ["1", "2", "3"])
        #expect(await ids("?minRam=1024") == ["2", "3"])
        #expect(await ids("?minDisk=30") == ["3"])
        #expect(await ids("?sort_key=memory_mb&sort_dir=desc") == ["3", "2", "1"])
        #expect(await ids("?sort_key=vcpu_weight") == ["1", "2", "3"])
        #expect(await ids("?limit=1&marker=1") == ["2"])
        let links = await h.send("GET", "/v2.1/flavors?limit=2")
        #expect(links.doc["flavors_links"]?.arrayValue?.first?["href"]?.stringValue?.contains("marker=2") == true)
        #expect(await h.send("GET", "/v2.1/flavors?marker=99").status == 400)
        let missing = await h.send("GET", "/v2.1/flavors/99")
        #expect(missing.status == 404)
        #expect(missing.faultMessage == "Flavor 99 could not be found.")
    }

    @Test("flavors: create, duplicates 409, private access, extra specs, description, delete")
    func flavorWrites() async throws {
        let h = try await DatabaseHarness()
        let body: JSONValue = [
            "flavor": [
                "name": "p1", "ram": 1024, "vcpus": 2, "disk": 10, "id": "p1",
                "os-flavor-access:is_public": false,
            ]
        ]
        #expect(await h.admin("POST", "/v2.1/flavors", body: body).status == 200)
        let dupID = await h.admin("POST", "/v2.1/flavors", body: body)
        #expect(dupID.status == 409)
        #expect(dupID.faultMessage == "Flavor with ID p1 already exists.")
        let dupName = await h.admin(
            "POST", "/v2.1/flavors", body: ["flavor": ["name": "m1.tiny", "ram": 1, "vcpus": 1, "disk": 1]])
        #expect(dupName.faultMessage == "Flavor with name m1.tiny already exists.")
        #expect(await h.send("GET", "/v2.1/flavors/p1").status == 404)
        let grant: JSONValue = ["addTenantAccess": ["tenant": "demo"]]
        #expect(await h.admin("POST", "/v2.1/flavors/p1/action", body: grant).status == 200)
        let again = await h.admin("POST", "/v2.1/flavors/p1/action", body: grant)
        #expect(again.status == 409)
        #expect(again.faultMessage == "Flavor access already exists for flavor p1 and project demo combination.")
        #expect(await h.send("GET", "/v2.1/flavors/p1").status == 200)
        let visible = await h.send("GET", "/v2.1/flavors")
        #expect((visible.doc["flavors"]?.arrayValue ?? []).contains { $0["id"] == "p1" })
        let access = await h.admin("GET", "/v2.1/flavors/p1/os-flavor-access")
        #expect(access.doc["flavor_access"] == [["flavor_id": "p1", "tenant_id": "demo"]])
        let revoke: JSONValue = ["removeTenantAccess": ["tenant": "demo"]]
        #expect(await h.admin("POST", "/v2.1/flavors/p1/action", body: revoke).status == 200)
        let gone = await h.admin("POST", "/v2.1/flavors/p1/action", body: revoke)
        #expect(gone.status == 404)
        #expect(gone.faultMessage == "Flavor access not found for p1 / demo combination.")
        let specs = await h.admin(
            "POST", "/v2.1/flavors/p1/os-extra_specs", body: ["extra_specs": ["hw:cpu_policy": "dedicated"]])
        #expect(specs.doc["extra_specs"] == ["hw:cpu_policy": "dedicated"])
        #expect(await h.admin("DELETE", "/v2.1/flavors/p1/os-extra_specs/hw:cpu_policy").status == 202)
        let noKey = await h.admin("DELETE", "/v2.1/flavors/p1/os-extra_specs/hw:cpu_policy")
        #expect(noKey.status == 404)
        #expect(noKey.faultMessage == "Flavor p1 has no extra specs with key hw:cpu_policy.")
        let described = await h.admin(
            "PUT", "/v2.1/flavors/p1", version: "2.55", body: ["flavor": ["description": "d"]])
        #expect(described.doc["flavor"]?["description"] == "d")
        #expect(await h.admin("DELETE", "/v2.1/flavors/p1").status == 202)
        #expect(await h.admin("GET", "/v2.1/flavors/p1").status == 404)
    }

    @Test("images through the compute proxy: list, detail filters, show, 404", arguments: DatabaseEngine.allCases)
    func images(engine: DatabaseEngine) async throws {
        let h = try await DatabaseHarness(engine: engine)
        var other = Image()
        other.id = "11111111-2222-3333-4444-555555555555"
        other.name = "big"
        other.status = "active"
        other.minRam = 4096
        _ = try await h.db.createImage(other)
        let list = await h.send("GET", "/v2.1/images")
        #expect((list.doc["images"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue } == ["big", "cirros"])
        let filtered = await h.send("GET", "/v2.1/images/detail?minRam=1024")
        #expect((filtered.doc["images"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue } == ["big"])
        let byStatus = await h.send("GET", "/v2.1/images?status=ACTIVE&name=cirros")
        #expect(byStatus.doc["images"]?.arrayValue?.count == 1)
        let paged = await h.send("GET", "/v2.1/images?limit=1&marker=\(other.id)")
        #expect(paged.doc["images"]?.arrayValue?.first?["id"] == .string(ControllerHarness.imageID))
        #expect(await h.send("GET", "/v2.1/images/\(ControllerHarness.imageID)").doc["image"]?["status"] == "ACTIVE")
        let missing = await h.send("GET", "/v2.1/images/22222222-2222-3333-4444-555555555555")
        #expect(missing.status == 404)
    }

    @Test("key pairs: import, list, show, delete; duplicates 409; the key_pairs quota")
    func keypairs() async throws {
        var settings = ComputeSettings()
        settings.quotaDefaults["key_pairs"] = 2
        let h = try await DatabaseHarness(settings: settings)
        let key = ImagesAndKeypairsTests.rsaKey
        let made = await h.send(
            "POST", "/v2.1/os-keypairs", version: "2.2",
            body: ["keypair": ["name": "k1", "public_key": .string(key)]])
        #expect(made.status == 201)
        #expect(made.doc["keypair"]?["fingerprint"] == "1e:2c:9b:56:79:4b:45:77:f9:ca:7a:98:2c:b0:d5:3c")
        let dup = await h.send(
            "POST", "/v2.1/os-keypairs", body: ["keypair": ["name": "k1", "public_key": .string(key)]])
        #expect(dup.status == 409)
        #expect(dup.faultMessage == "Key pair 'k1' already exists.")
        _ = await h.send("POST", "/v2.1/os-keypairs", body: ["keypair": ["name": "k2", "public_key": .string(key)]])
        let over = await h.send(
            "POST", "/v2.1/os-keypairs", body: ["keypair": ["name": "k3", "public_key": .string(key)]])
        #expect(over.status == 403)
        #expect(over.faultMessage == "Quota exceeded, too many key pairs.")
        let list = await h.send("GET", "/v2.1/os-keypairs")
        #expect(
            (list.doc["keypairs"]?.arrayValue ?? []).compactMap { $0["keypair"]?["name"]?.stringValue } == ["k1", "k2"])
        let paged = await h.send("GET", "/v2.1/os-keypairs?limit=1&marker=k1", version: "2.35")
        #expect((paged.doc["keypairs"]?.arrayValue ?? []).compactMap { $0["keypair"]?["name"]?.stringValue } == ["k2"])
        #expect(await h.send("GET", "/v2.1/os-keypairs/k1").doc["keypair"]?["public_key"] == .string(key))
        #expect(await h.send("GET", "/v2.1/os-keypairs/k1", token: "bob:demo").status == 404)
        #expect(await h.send("DELETE", "/v2.1/os-keypairs/k1").status == 202)
        let missing = await h.send("DELETE", "/v2.1/os-keypairs/k1")
        #expect(missing.status == 404)
        #expect(missing.faultMessage == "Keypair k1 not found for user demo")
    }
}
