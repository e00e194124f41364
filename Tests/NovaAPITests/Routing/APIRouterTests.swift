import Testing

@testable import NovaAPI

@Suite struct APIRouterTests {
    func names(_ m: APIRouter.Match) -> (String?, [String: String]) {
        guard case .found(.routes(let routes), let params) = m else { return (nil, [:]) }
        return (routes.first?.template.text, params)
    }

    @Test func literalSegmentsWinOverParametersWhateverTheOrder() {
        var r = APIRouter()
        r.add("GET", "/servers/{server_id}", handler: echoHandler)
        r.add("GET", "/servers/detail", handler: echoHandler)
        #expect(names(r.match(method: "GET", segments: ["servers", "detail"])).0 == "/servers/detail")
        let (template, params) = names(r.match(method: "GET", segments: ["servers", "abc"]))
        #expect(template == "/servers/{server_id}")
        #expect(params == ["server_id": "abc"])
    }

    @Test func parametersAreBoundByName() {
        var r = APIRouter()
        r.add("GET", "/servers/{server_id}/metadata/{key}", handler: echoHandler)
        let (_, params) = names(r.match(method: "GET", segments: ["servers", "s1", "metadata", "k 1"]))
        #expect(params == ["server_id": "s1", "key": "k 1"])
    }

    @Test func aKnownPathWithAnotherMethodIsMethodNotAllowed() {
        var r = APIRouter()
        r.add("GET", "/flavors", handler: echoHandler)
        r.add("POST", "/flavors", handler: echoHandler)
        guard case .methodNotAllowed(let allowed) = r.match(method: "DELETE", segments: ["flavors"]) else {
            Issue.record("expected 405")
            return
        }
        #expect(allowed == ["GET", "POST"])
        guard case .notFound = r.match(method: "GET", segments: ["flavor"]) else {
            Issue.record("expected 404")
            return
        }
    }

    @Test func backtracksFromALiteralDeadEnd() {
        var r = APIRouter()
        r.add("GET", "/servers/detail", handler: echoHandler)
        r.add("GET", "/servers/{server_id}/metadata", handler: echoHandler)
        let (template, params) = names(r.match(method: "GET", segments: ["servers", "detail", "metadata"]))
        #expect(template == "/servers/{server_id}/metadata")
        #expect(params == ["server_id": "detail"])
    }

    @Test func headFallsBackToGet() {
        var r = APIRouter()
        r.add("GET", "/flavors", handler: echoHandler)
        #expect(names(r.match(method: "HEAD", segments: ["flavors"])).0 == "/flavors")
    }

    @Test func actionsShareOnePath() {
        var r = APIRouter()
        r.addAction("/servers/{server_id}/action", ActionRoute("os-start", handler: echoHandler))
        r.addAction("/servers/{server_id}/action", ActionRoute("os-stop", handler: echoHandler))
        guard
            case .found(.actions(_, let table), let params) = r.match(
                method: "POST", segments: ["servers", "x", "action"])
        else {
            Issue.record("expected actions")
            return
        }
        #expect(Set(table.keys) == ["os-start", "os-stop"])
        #expect(params == ["server_id": "x"])
    }

    @Test func pathSplittingDecodesSegmentsAndRefusesEmptyOnes() {
        #expect(PathTemplate.split("/servers/a%20b/") == ["servers", "a b"])
        #expect(PathTemplate.split("/a%2Fb") == ["a/b"])
        #expect(PathTemplate.split("/servers//x") == nil)
        #expect(PathTemplate.split("/") == [])
    }
}

@Suite struct QueryParametersTests {
    @Test func repeatedKeysKeepEveryValueInOrder() {
        let q = QueryParameters(parsing: "status=ACTIVE&limit=5&status=ERROR")
        #expect(q.all("status") == ["ACTIVE", "ERROR"])
        #expect(q["status"] == "ERROR")
        #expect(q["limit"] == "5")
        #expect(q.keys == ["status", "limit"])
        #expect(q.asJSON == ["status": ["ACTIVE", "ERROR"], "limit": ["5"]])
    }

    @Test func percentAndPlusAreDecoded() {
        let q = QueryParameters(parsing: "name=my+server%21&changes-since=2026-01-01T00%3A00%3A00Z&flag&bad=%zz")
        #expect(q["name"] == "my server!")
        #expect(q["changes-since"] == "2026-01-01T00:00:00Z")
        #expect(q["flag"] == "")
        #expect(q.contains("flag"))
        #expect(q["bad"] == "%zz")
    }

    @Test func encodingRoundTrips() {
        let q = QueryParameters([("name", "a b&c"), ("marker", "x/y")])
        #expect(q.encoded() == "name=a+b%26c&marker=x%2Fy")
        #expect(QueryParameters(parsing: q.encoded()) == q)
    }

    @Test func emptyQueries() {
        #expect(QueryParameters(parsing: nil).isEmpty)
        #expect(QueryParameters(parsing: "").isEmpty)
        #expect(QueryParameters(parsing: "&&").isEmpty)
    }
}
