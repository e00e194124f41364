import Common
import Foundation

/// `/os-keypairs` (nova/api/openstack/compute/keypairs.py): a user's key pairs; admins may name another
/// user (2.10); `type` from 2.2; paging from 2.35.
struct KeypairsController: Sendable {
    let r: ComputeResources
    static let rule = "os_compute_api:os-keypairs:"

    init(_ r: ComputeResources) { self.r = r }

    func register(on router: inout APIRouter) {
        router.add("GET", "/os-keypairs") { try await self.index($0) }
        router.add("POST", "/os-keypairs") { try await self.create($0) }
        router.add("GET", "/os-keypairs/{keypair_name}") { try await self.show($0) }
        router.add("DELETE", "/os-keypairs/{keypair_name}") { try await self.delete($0) }
    }

    /// The user the request is about (`user_id` from 2.10, for those the policy allows) after the rule check.
    func user(_ req: APIRequest, _ op: String, given: String? = nil) throws -> String {
        let asked = req.microversion >= "2.10" ? (given ?? req.query["user_id"]) : nil
        let user = asked ?? req.context.userId ?? ""
        try req.authorize(Self.rule + op, target: ["user_id": user, "project_id": req.context.projectId ?? ""])
        return user
    }

    static func view(_ k: KeyPair, _ req: APIRequest, full: Bool, privateKey: String? = nil) -> JSONValue {
        var o: [String: JSONValue] = [
            "name": .string(k.name), "public_key": .from(k.publicKey), "fingerprint": .from(k.fingerprint),
        ]
        if req.microversion >= "2.2" { o["type"] = .string(k.type) }
        if full {
            o["user_id"] = .from(k.userID)
            o["id"] = .int(k.id)
            o["created_at"] = .from(k.createdAt.map { NovaTime.format($0, .isoMicroseconds) })
            o["updated_at"] = .from(k.updatedAt.map { NovaTime.format($0, .isoMicroseconds) })
            o["deleted_at"] = .null
            o["deleted"] = false
        }
        if let privateKey { o["private_key"] = .string(privateKey) }
        return .object(o)
    }

    func index(_ req: APIRequest) async throws -> APIResponse {
        var props: [(String, Schema)] = []
        if req.microversion >= "2.10" { props.append(("user_id", ParameterTypes.queryParam)) }
        if req.microversion >= "2.35" { props += ParameterTypes.pagination }
        try SchemaValidator.validateQuery(req.query, .object(props, additionalProperties: req.microversion < "2.75"))
        let user = try user(req, "index")
        let page = req.microversion >= "2.35" ? try req.pagination() : Pagination(limit: Int.max, marker: nil)
        let keys = try await r.store.keypairs(
            userID: user, limit: page.limit == Int.max ? nil : page.limit, marker: page.marker)
        var out: [String: JSONValue] = ["keypairs": .array(keys.map { ["keypair": Self.view($0, req, full: false)] })]
        if req.microversion >= "2.35" {
            let links = req.links.collectionLinks(
                "os-keypairs", itemCount: keys.count, lastId: keys.last?.name, query: req.query, maxLimit: req.maxLimit)
            if !links.isEmpty { out["keypairs_links"] = .array(links) }
        }
        return .ok(.object(out))
    }

    func show(_ req: APIRequest) async throws -> APIResponse {
        let user = try user(req, "show")
        let k = try await r.store.keypair(userID: user, name: req.param("keypair_name"))
        return .ok(["keypair": Self.view(k, req, full: true)])
    }

    func delete(_ req: APIRequest) async throws -> APIResponse {
        let user = try user(req, "delete")
        try await r.store.deleteKeypair(userID: user, name: req.param("keypair_name"))
        return req.microversion >= "2.2" ? .noContent() : .accepted()
    }

    static func createSchema(_ v: Microversion) -> Schema {
        var props: [(String, Schema)] = [("name", ParameterTypes.name), ("public_key", .string())]
        if v >= "2.2" { props.append(("type", .enumeration(["ssh", "x509"]))) }
        if v >= "2.10" { props.append(("user_id", .string())) }
        return .wrapper("keypair", .object(props, required: v >= "2.92" ? ["name", "public_key"] : ["name"]))
    }

    func create(_ req: APIRequest) async throws -> APIResponse {
        try SchemaValidator.validateBody(req.body ?? .null, Self.createSchema(req.microversion))
        let b = RequestParsing.object(req.body, "keypair")
        let user = try user(req, "create", given: b["user_id"]?.stringValue)
        let name = b["name"]?.stringValue ?? ""
        let type = b["type"]?.stringValue ?? "ssh"
        var k = KeyPair()
        k.name = name
        k.userID = user
        k.type = type
        var privateKey: String?
        let publicKey: String
        if let given = b["public_key"]?.stringValue {
            publicKey = given
        } else {
            let generated = try await KeyGenerator.generate(type: type, name: name)
            publicKey = generated.publicKey
            privateKey = generated.privateKey
        }
        let fingerprint = type == "x509" ? PublicKey.x509Fingerprint(publicKey) : PublicKey.sshFingerprint(publicKey)
        guard let fingerprint else {
            throw ComputeError("InvalidKeypair", status: 400, "Keypair data is invalid: failed to generate fingerprint")
        }
        k.publicKey = publicKey
        k.fingerprint = fingerprint
        let limit = try await r.quotaLimits(projectID: req.context.projectId ?? "", userID: user)["key_pairs"]
        let stored = try await r.store.createKeypair(k, maxPerUser: limit)
        return APIResponse(
            status: req.microversion >= "2.2" ? 201 : 200,
            body: [
                "keypair": Self.view(stored, req, full: false, privateKey: privateKey).merging(["user_id": .from(user)])
            ])
    }
}

extension JSONValue {
    /// This object with `other`'s members added (other wins).
    func merging(_ other: [String: JSONValue]) -> JSONValue {
        guard case .object(var o) = self else { return self }
        for (k, v) in other { o[k] = v }
        return .object(o)
    }
}
