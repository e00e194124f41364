import Common
import Foundation
import Testing

@testable import NovaAPI

@Suite("Flavors")
struct FlavorsTests {
    @Test("detail at 2.1 matches Nova's sample; swap is \"\" when 0 and 0 from 2.75")
    func detailSample() async throws {
        let h = await ControllerHarness()
        let r = await h.send("GET", "/v2.1/flavors/detail")
        #expect(r.status == 200)
        #expect(Shape.differences(r.doc, try JSONValue.parse(NovaSamples.flavorsDetailMv21)) == [])
        #expect(r.doc == (try JSONValue.parse(NovaSamples.flavorsDetailMv21)))
        let later = await h.send("GET", "/v2.1/flavors/1", version: "2.75")
        #expect(later.doc["flavor"]?["swap"] == 0)
        #expect(later.doc["flavor"]?["description"] == .null)
        #expect(later.doc["flavor"]?["extra_specs"] == [:])
    }

    @Test("list, filters, paging, sort, and 404")
    func list() async throws {
        let h = await ControllerHarness()
        let all = await h.send("GET", "/v2.1/flavors")
        #expect(all.doc["flavors"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["1", "2", "3"])
        #expect(
            Set(all.doc["flavors"]?.arrayValue?.first?.objectValue?.keys.map { $0 } ?? []) == ["id", "name", "links"])
        let big = await h.send("GET", "/v2.1/flavors?minRam=1024&minDisk=30")
        #expect(big.doc["flavors"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["3"])
        let bad = await h.send("GET", "/v2.1/flavors?minRam=lots")
        #expect(bad.faultMessage == "Invalid minRam filter [lots]")
        let page = await h.send("GET", "/v2.1/flavors?limit=2")
        #expect(
            page.doc["flavors_links"]?.arrayValue?.first?["href"]
                == "http://127.0.0.1:8774/v2.1/flavors?limit=2&marker=2")
        let desc = await h.send("GET", "/v2.1/flavors?sort_key=memory_mb&sort_dir=desc")
        #expect(desc.doc["flavors"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["3", "2", "1"])
        let missing = await h.send("GET", "/v2.1/flavors/99")
        #expect(missing.status == 404)
        #expect(missing.faultMessage == "Flavor 99 could not be found.")
    }

    @Test("admin create answers the flavor; duplicates are 409; members are refused; delete is 202")
    func manage() async throws {
        let h = await ControllerHarness()
        let body: JSONValue = ["flavor": ["name": "m1.big", "ram": 8192, "vcpus": 4, "disk": 80, "id": "10"]]
        let member = await h.send("POST", "/v2.1/flavors", body: body)
        #expect(member.status == 403)
        #expect(member.faultMessage == "Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed.")
        let created = await h.admin("POST", "/v2.1/flavors", body: body)
        #expect(created.status == 200)
        #expect(created.doc["flavor"]?["id"] == "10")
        #expect(created.doc["flavor"]?["swap"] == "")
        #expect(created.doc["flavor"]?["rxtx_factor"] == 1.0)
        let sameName = await h.admin(
            "POST", "/v2.1/flavors", body: ["flavor": ["name": "m1.big", "ram": 1, "vcpus": 1, "disk": 1]])
        #expect(sameName.status == 409)
        #expect(sameName.faultMessage == "Flavor with name m1.big already exists.")
        let sameID = await h.admin(
            "POST", "/v2.1/flavors", body: ["flavor": ["name": "other", "ram": 1, "vcpus": 1, "disk": 1, "id": "10"]])
        #expect(sameID.faultMessage == "Flavor with ID 10 already exists.")
        let auto = await h.admin(
            "POST", "/v2.1/flavors", body: ["flavor": ["name": "auto", "ram": 1, "vcpus": 1, "disk": 0]])
        #expect(auto.doc["flavor"]?["id"]?.stringValue?.count == 36)
        let badRam = await h.admin(
            "POST", "/v2.1/flavors", body: ["flavor": ["name": "x", "ram": 0, "vcpus": 1, "disk": 1]])
        #expect(
            badRam.faultMessage == "Invalid input for field/attribute ram. Value: 0. 0 is less than the minimum of 1")
        #expect(await h.admin("DELETE", "/v2.1/flavors/10").status == 202)
        #expect(await h.send("GET", "/v2.1/flavors/10").status == 404)
        let described = await h.admin(
            "PUT", "/v2.1/flavors/1", version: "2.55", body: ["flavor": ["description": "tiny"]])
        #expect(described.doc["flavor"]?["description"] == "tiny")
    }

    @Test("private flavors: hidden from other projects, access list and actions for admins")
    func access() async throws {
        let h = await ControllerHarness()
        _ = await h.admin(
            "POST", "/v2.1/flavors",
            body: [
                "flavor": [
                    "name": "secret", "ram": 1, "vcpus": 1, "disk": 1, "id": "p1", "os-flavor-access:is_public": false,
                ]
            ])
        #expect(await h.send("GET", "/v2.1/flavors/p1").status == 404)
        let added = await h.admin("POST", "/v2.1/flavors/p1/action", body: ["addTenantAccess": ["tenant": "demo"]])
        #expect(added.status == 200)
        #expect(added.doc == ["flavor_access": [["flavor_id": "p1", "tenant_id": "demo"]]])
        #expect(await h.send("GET", "/v2.1/flavors/p1").status == 200)
        let listed = await h.send("GET", "/v2.1/flavors")
        #expect(listed.doc["flavors"]?.arrayValue?.contains { $0["id"] == "p1" } == true)
        let again = await h.admin("POST", "/v2.1/flavors/p1/action", body: ["addTenantAccess": ["tenant": "demo"]])
        #expect(again.status == 409)
        #expect(await h.admin("GET", "/v2.1/flavors/p1/os-flavor-access").doc["flavor_access"]?.arrayValue?.count == 1)
        let publicList = await h.admin("GET", "/v2.1/flavors/1/os-flavor-access")
        #expect(publicList.status == 404)
        #expect(publicList.faultMessage == "Access list not available for public flavors.")
        let publicAdd = await h.admin(
            "POST", "/v2.1/flavors/1/action", version: "2.7", body: ["addTenantAccess": ["tenant": "x"]])
        #expect(publicAdd.status == 409)
        #expect(publicAdd.faultMessage == "Can not add access to a public flavor.")
        let removed = await h.admin("POST", "/v2.1/flavors/p1/action", body: ["removeTenantAccess": ["tenant": "demo"]])
        #expect(removed.doc == ["flavor_access": []])
        let notThere = await h.admin(
            "POST", "/v2.1/flavors/p1/action", body: ["removeTenantAccess": ["tenant": "demo"]])
        #expect(notThere.status == 404)
        let isPublicAll = await h.admin("GET", "/v2.1/flavors?is_public=none")
        #expect(isPublicAll.doc["flavors"]?.arrayValue?.count == 4)
    }

    @Test("extra specs: set, show, update one, delete, with Nova's errors")
    func extraSpecs() async throws {
        let h = await ControllerHarness()
        let base = "/v2.1/flavors/1/os-extra_specs"
        let set = await h.admin("POST", base, body: ["extra_specs": ["hw:cpu_policy": "dedicated", "quota:x": 5]])
        #expect(set.status == 200)
        #expect(await h.send("GET", base).doc == ["extra_specs": ["hw:cpu_policy": "dedicated", "quota:x": "5"]])
        #expect(await h.send("GET", base + "/quota:x").doc == ["quota:x": "5"])
        let missing = await h.send("GET", base + "/nope")
        #expect(missing.status == 404)
        #expect(missing.faultMessage == "Flavor 1 has no extra specs with key nope.")
        let mismatch = await h.admin("PUT", base + "/a", body: ["b": "1"])
        #expect(mismatch.faultMessage == "Request body and URI mismatch")
        let tooMany = await h.admin("PUT", base + "/a", body: ["a": "1", "b": "2"])
        #expect(tooMany.status == 400)
        #expect(await h.admin("PUT", base + "/a", body: ["a": "1"]).doc == ["a": "1"])
        #expect(await h.send("POST", base, body: ["extra_specs": ["a": "2"]]).status == 403)
        #expect(await h.admin("DELETE", base + "/a").status == 202)
        #expect(await h.admin("DELETE", base + "/a").status == 404)
        let shown = await h.send("GET", "/v2.1/flavors/1", version: "2.61")
        #expect(shown.doc["flavor"]?["extra_specs"]?["hw:cpu_policy"] == "dedicated")
    }
}
