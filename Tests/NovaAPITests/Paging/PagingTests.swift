import Common
import Testing

@testable import NovaAPI

@Suite struct PaginationTests {
    func parse(_ query: String, max: Int = 1000) throws(APIError) -> Pagination {
        try Pagination(query: QueryParameters(parsing: query), maxLimit: max)
    }

    @Test func limitDefaultsToAndIsCappedAtMaxLimit() throws {
        #expect(try parse("") == Pagination(limit: 1000, marker: nil))
        #expect(try parse("limit=5&marker=abc") == Pagination(limit: 5, marker: "abc"))
        #expect(try parse("limit=5000") == Pagination(limit: 1000, marker: nil))
        #expect(try parse("limit=50", max: 20).limit == 20)
        #expect(try parse("limit=0").limit == 0)
    }

    @Test func aBadLimitIs400() {
        #expect(throws: APIError.badRequest("Invalid input received: limit must be an integer")) {
            try parse("limit=ten")
        }
        #expect(throws: APIError.badRequest("Invalid input received: limit must be >= 0")) { try parse("limit=-1") }
    }

    @Test func markerNotFoundWording() {
        #expect(APIError.markerNotFound("x").message == "marker [x] not found")
    }
}

@Suite struct LinkBuilderTests {
    let links = LinkBuilder(baseURL: "http://127.0.0.1:8774")

    @Test func selfAndBookmarkLinksAsNovasSamples() {
        let id = "4cf2503a-9d8c-4011-9d4c-bd089d2ac994"
        #expect(
            links.links("servers", id) == [
                ["rel": "self", "href": .string("http://127.0.0.1:8774/v2.1/servers/\(id)")],
                ["rel": "bookmark", "href": .string("http://127.0.0.1:8774/servers/\(id)")],
            ])
    }

    @Test func theProjectIdStaysInLinksWhenTheURLHadIt() {
        let scoped = LinkBuilder(baseURL: "http://h:8774/", projectIdInPath: "abc123")
        #expect(scoped.selfLink("flavors", "1") == "http://h:8774/v2.1/abc123/flavors/1")
        #expect(scoped.bookmarkLink("flavors", "1") == "http://h:8774/abc123/flavors/1")
    }

    @Test func aNextLinkOnlyWhenThePageIsFull() {
        let q = QueryParameters(parsing: "limit=2&status=ACTIVE&marker=old")
        #expect(links.collectionLinks("servers", itemCount: 1, lastId: "b", query: q, maxLimit: 1000).isEmpty)
        #expect(
            links.collectionLinks("servers", itemCount: 2, lastId: "b", query: q, maxLimit: 1000) == [
                ["rel": "next", "href": "http://127.0.0.1:8774/v2.1/servers?limit=2&marker=b&status=ACTIVE"]
            ])
    }

    @Test func withoutALimitTheMaxLimitDecidesFullness() {
        let q = QueryParameters()
        #expect(links.collectionLinks("flavors", itemCount: 3, lastId: "3", query: q, maxLimit: 3).count == 1)
        #expect(links.collectionLinks("flavors", itemCount: 2, lastId: "2", query: q, maxLimit: 3).isEmpty)
        let over = QueryParameters(parsing: "limit=10")
        #expect(links.collectionLinks("flavors", itemCount: 3, lastId: "3", query: over, maxLimit: 3).count == 1)
        #expect(
            links.collectionLinks(
                "flavors", itemCount: 0, lastId: nil, query: QueryParameters(parsing: "limit=0"),
                maxLimit: 3
            ).isEmpty)
    }

    @Test func fromARequestUsesHostOrThePrefix() {
        let request = HTTPRequest(method: "GET", target: "/v2.1/servers", headers: HTTPHeaders([("Host", "api:8774")]))
        #expect(LinkBuilder(request: request, linkPrefix: nil).applicationURL == "http://api:8774/v2.1")
        #expect(
            LinkBuilder(request: request, linkPrefix: "https://x.example/compute").applicationURL
                == "https://x.example/compute/v2.1")
    }
}
