import Testing

@testable import Common

@Suite struct RequestContextTests {
    @Test func requestIdsLookLikeNovas() throws {
        let id = RequestContext.newRequestId()
        let re = try Regex("req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
        #expect(id.wholeMatch(of: re) != nil)
        #expect(RequestContext.newRequestId() != id)
    }

    @Test func theRPCFormRoundTripsWithNovasKeys() throws {
        let ctx = RequestContext(requestId: "req-1", globalRequestId: "req-g", userId: "u", projectId: "p",
                                 roles: ["member", "reader"], isAdmin: false, readDeleted: .yes)
        let dict = ctx.toDict()
        #expect(Set(dict.keys) == ["request_id", "global_request_id", "user_id", "project_id", "user", "roles",
                                   "is_admin", "read_deleted"])
        #expect(dict["read_deleted"] == .string("yes"))
        #expect(RequestContext(dict: dict) == ctx)
        let wire = JSONValue.object(dict).serialized()
        #expect(try RequestContext(dict: JSONValue.parse(wire).objectValue ?? [:]) == ctx)
    }

    @Test func olderSpellingsAndMissingFieldsAreTolerated() {
        let ctx = RequestContext(dict: ["user": "u", "tenant": "t", "read_deleted": "bogus"])
        #expect(ctx.userId == "u")
        #expect(ctx.projectId == "t")
        #expect(ctx.readDeleted == .no)
        #expect(ctx.requestId.hasPrefix("req-"))
        #expect(!ctx.isAdmin)
    }

    @Test func elevatingAddsAdminOnce() {
        let ctx = RequestContext(userId: "u", roles: ["member"]).elevated(readDeleted: .only)
        #expect(ctx.isAdmin)
        #expect(ctx.roles == ["member", "admin"])
        #expect(ctx.elevated().roles == ["member", "admin"])
        #expect(ctx.readDeleted == .only)
        #expect(RequestContext.admin().isAdmin && RequestContext.admin().userId == nil)
    }
}
