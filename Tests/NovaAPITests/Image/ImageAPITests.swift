import Common
import Foundation
import Testing

@testable import NovaAPI

@Suite struct ImageAPITests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// Ten public images (`img-0` oldest … `img-9` newest), one private image each for demo and carol,
    /// carol's community image and a queued public one.
    static func images(_ ids: [String: String]) -> [Image] {
        let demo = ids["project:demo"]
        let other = ids["project:other"]
        var list = (0..<10).map { i in
            image(id: String(format: "00000000-0000-4000-8000-%012d", i), name: "img-\(i)", age: 100 - i)
        }
        var mine = image(
            id: "11111111-0000-4000-8000-000000000001", name: "mine", age: 50, visibility: "private", owner: demo)
        mine.properties = ["hw_disk_bus": "virtio", "os_distro": "cirros", "size": "shadowed"]
        list.append(mine)
        list.append(
            image(
                id: "22222222-0000-4000-8000-000000000002", name: "theirs", age: 40, visibility: "private", owner: other
            ))
        list.append(
            image(
                id: "33333333-0000-4000-8000-000000000003", name: "community", age: 30, visibility: "community",
                owner: other))
        var queued = image(id: "44444444-0000-4000-8000-000000000004", name: "pending", age: 20)
        queued.status = "queued"
        list.append(queued)
        var gone = image(id: "55555555-0000-4000-8000-000000000005", name: "gone", age: 10)
        gone.deleted = true
        list.append(gone)
        return list
    }

    static func image(id: String, name: String, age: Int, visibility: String = "public", owner: String? = nil) -> Image
    {
        var i = Image()
        i.id = id
        i.name = name
        i.visibility = visibility
        i.owner = owner
        i.size = 21_430_272
        i.diskFormat = "qcow2"
        i.containerFormat = "bare"
        i.checksum = "443b7623e27ecf03dc9e01ee93f67afe"
        i.createdAt = t0.addingTimeInterval(Double(-age))
        i.updatedAt = t0.addingTimeInterval(Double(-age) + 0.5)
        return i
    }

    let h: IdentityHarness

    init() throws { h = try IdentityHarness(images: Self.images) }

    func names(_ r: HTTPResponse) -> [String] {
        r.json?["images"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
    }

    @Test func discoveryListsV2WithoutAToken() async {
        let root = await h.send("GET", "/image")
        #expect(root.status == 300)
        #expect(
            root.json == [
                "versions": [
                    [
                        "id": "v2.0", "status": "CURRENT",
                        "links": [["rel": "self", "href": "http://127.0.0.1:8774/image/v2/"]],
                    ]
                ]
            ])
        #expect(await h.send("GET", "/image/versions").status == 200)
    }

    @Test func listingNeedsAToken() async {
        let response = await h.send("GET", "/image/v2/images")
        #expect(response.status == 401)
        #expect(response.headers["WWW-Authenticate"] == "Keystone uri=\"http://127.0.0.1:8774/identity\"")
        #expect(response.json?["error"]?["code"] == 401)
    }

    @Test func defaultListIsNewestFirstAndShowsWhatTheProjectMaySee() async throws {
        let r = await h.send("GET", "/image/v2/images", token: try await h.token("demo"))
        #expect(r.status == 200)
        #expect(
            names(r) == ["pending", "mine"] + (0..<10).reversed().map { "img-\($0)" })
        #expect(r.json?["schema"] == "/v2/schemas/images")
        #expect(r.json?["first"] == "/v2/images")
        #expect(r.json?["next"] == nil)
    }

    @Test func anAdminSeesOtherProjectsPrivateImages() async throws {
        let r = await h.send("GET", "/image/v2/images?visibility=private", token: try await h.token("admin"))
        #expect(Set(names(r)) == ["mine", "theirs"])
    }

    @Test func filtersByNameStatusVisibilityAndProperty() async throws {
        let token = try await h.token("demo")
        #expect(names(await h.send("GET", "/image/v2/images?name=img-3", token: token)) == ["img-3"])
        #expect(names(await h.send("GET", "/image/v2/images?status=queued", token: token)) == ["pending"])
        #expect(names(await h.send("GET", "/image/v2/images?visibility=private", token: token)) == ["mine"])
        #expect(names(await h.send("GET", "/image/v2/images?visibility=community", token: token)) == ["community"])
        #expect(names(await h.send("GET", "/image/v2/images?os_distro=cirros", token: token)) == ["mine"])
        #expect(names(await h.send("GET", "/image/v2/images?name=theirs", token: token)) == [])
        let bad = await h.send("GET", "/image/v2/images?visibility=secret", token: token)
        #expect(bad.status == 400)
        #expect(bad.text.contains("Invalid visibility value: secret"))
    }

    @Test func pagesWithLimitMarkerAndARelativeNextLink() async throws {
        let token = try await h.token("demo")
        let first = await h.send("GET", "/image/v2/images?limit=5&sort_key=name&sort_dir=asc", token: token)
        #expect(names(first) == ["img-0", "img-1", "img-2", "img-3", "img-4"])
        let next = try #require(first.json?["next"]?.stringValue)
        #expect(next == "/v2/images?limit=5&sort_key=name&sort_dir=asc&marker=00000000-0000-4000-8000-000000000004")
        let second = await h.send("GET", "/image" + next, token: token)
        #expect(names(second) == ["img-5", "img-6", "img-7", "img-8", "img-9"])
        #expect(second.json?["first"] == "/v2/images?limit=5&sort_key=name&sort_dir=asc")
        let third = await h.send("GET", "/image" + (second.json?["next"]?.stringValue ?? ""), token: token)
        #expect(names(third) == ["mine", "pending"])
        #expect(third.json?["next"] == nil)
    }

    @Test func badPagingParametersAre400() async throws {
        let token = try await h.token("demo")
        #expect(
            await h.send("GET", "/image/v2/images?limit=x", token: token).text.contains(
                "limit param must be an integer"))
        #expect(
            await h.send("GET", "/image/v2/images?limit=-1", token: token).text.contains("limit param must be positive")
        )
        let marker = await h.send("GET", "/image/v2/images?marker=99999999-0000-4000-8000-000000000000", token: token)
        #expect(marker.status == 400)
        #expect(await h.send("GET", "/image/v2/images?sort_key=bogus", token: token).status == 400)
        #expect(
            names(await h.send("GET", "/image/v2/images?sort=name:desc&limit=2", token: token)) == ["pending", "mine"])
    }

    @Test func showHasGlancesFields() async throws {
        let token = try await h.token("demo")
        let r = await h.send("GET", "/image/v2/images/11111111-0000-4000-8000-000000000001", token: token)
        #expect(r.status == 200)
        let json = try #require(r.json)
        #expect(json["id"] == "11111111-0000-4000-8000-000000000001")
        #expect(json["name"] == "mine")
        #expect(json["status"] == "active")
        #expect(json["visibility"] == "private")
        #expect(json["disk_format"] == "qcow2")
        #expect(json["container_format"] == "bare")
        #expect(json["size"] == 21_430_272)
        #expect(json["min_ram"] == 0)
        #expect(json["min_disk"] == 0)
        #expect(json["checksum"] == "443b7623e27ecf03dc9e01ee93f67afe")
        #expect(json["owner"] == .string(h.ids["project:demo"]!))
        #expect(json["protected"] == false)
        #expect(json["tags"] == [])
        #expect(json["created_at"] == "2027-01-15T07:59:10Z")
        #expect(json["updated_at"] == "2027-01-15T07:59:10Z")
        #expect(json["self"] == "/v2/images/11111111-0000-4000-8000-000000000001")
        #expect(json["file"] == "/v2/images/11111111-0000-4000-8000-000000000001/file")
        #expect(json["schema"] == "/v2/schemas/image")
        // Extra properties sit at the top level; they never shadow a core field.
        #expect(json["hw_disk_bus"] == "virtio")
        #expect(json["properties"] == nil)
    }

    @Test func imagesTheProjectMayNotSeeAreNotFound() async throws {
        let token = try await h.token("demo")
        for id in ["22222222-0000-4000-8000-000000000002", "55555555-0000-4000-8000-000000000005", "nope"] {
            let r = await h.send("GET", "/image/v2/images/\(id)", token: token)
            #expect(r.status == 404)
            #expect(r.text.contains("No image found with ID \(id)"))
        }
        let carol = try await h.token("carol")
        #expect(
            await h.send("GET", "/image/v2/images/22222222-0000-4000-8000-000000000002", token: carol).status == 200)
    }

    @Test func theImageServiceIsReadOnly() async throws {
        let token = try await h.token("admin")
        #expect(await h.send("POST", "/image/v2/images", token: token, body: "{}").status == 405)
        #expect(
            await h.send("DELETE", "/image/v2/images/00000000-0000-4000-8000-000000000001", token: token).status == 405)
        #expect(await h.send("GET", "/image/v2/nothing", token: token).status == 404)
    }
}
