import Common
import Foundation

/// `POST /servers`: validate, resolve flavor, image, key pair and server group, write the servers within
/// quota, cast the build to the conductor and answer 202 at once (Nova's `servers.create` and
/// `compute.API.create`).
extension ServersController {
    func create(_ req: APIRequest) async throws -> APIResponse {
        let v = req.microversion
        try SchemaValidator.validateBody(req.body ?? .null, ServerSchemas.create(v))
        let server = RequestParsing.object(req.body, "server")
        try Self.checkFormats(server)
        let plan = try await BuildPlan.make(req, server: server, r: r)
        let creation = try plan.creation()
        let stored = try await r.store.createInstances(creation)
        let specs = stored.compactMap { i in creation.requestSpecs.first { $0.instanceUUID == i.uuid } }
        try await r.actions.scheduleAndBuild(
            req.context, requestSpecs: specs, instances: stored, image: plan.image, adminPassword: plan.adminPass,
            requestedNetworks: plan.requestedNetworks, tags: plan.tags)
        if RequestParsing.bool(server["return_reservation_id"]) == true {
            return .accepted(["reservation_id": .string(plan.reservationID)])
        }
        guard let first = stored.first else {
            throw APIError.unexpected(ComputeError("InstanceNotCreated", status: 500, ""))
        }
        var body: [String: JSONValue] = [
            "id": .string(first.uuid), "links": req.links.links("servers", first.uuid),
            "OS-DCF:diskConfig": .string(first.autoDiskConfig ? "AUTO" : "MANUAL"),
            "security_groups": [["name": "default"]],
        ]
        if r.settings.enableInstancePassword { body["adminPass"] = .string(plan.adminPass) }
        var response = APIResponse.accepted(["server": .object(body)])
        response.headers.set("Location", req.links.selfLink("servers", first.uuid))
        return response
    }

    /// Formats our schema subset does not check (jsonschema's `base64`, `ipv4`, `ipv6`).
    static func checkFormats(_ server: [String: JSONValue]) throws(APIError) {
        if let data = server["user_data"]?.stringValue, Data(base64Encoded: data) == nil {
            throw .badRequest(
                "Invalid input for field/attribute user_data. Value: \(data). '\(data)' is not a 'base64'")
        }
        for (field, format) in [("accessIPv4", "ipv4"), ("accessIPv6", "ipv6")] {
            guard let ip = server[field]?.stringValue else { continue }
            let valid = format == "ipv4" ? IPAddressText.isIPv4(ip) : IPAddressText.isIPv6(ip)
            if !valid {
                throw .badRequest(
                    "Invalid input for field/attribute \(field). Value: \(ip). '\(ip)' is not a '\(format)'")
            }
        }
    }
}

/// Textual IP address checks (as Python's `ipaddress` accepts them, for jsonschema's formats).
enum IPAddressText {
    static func isIPv4(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { p in
                !p.isEmpty && p.count <= 3 && p.allSatisfy(\.isNumber) && Int(p).map { $0 <= 255 } == true
            }
    }

    static func isIPv6(_ s: String) -> Bool {
        guard s.contains(":"), s.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return false }
        let halves = s.components(separatedBy: "::")
        guard halves.count <= 2 else { return false }
        var groups = 0
        for half in halves where !half.isEmpty {
            for g in half.split(separator: ":", omittingEmptySubsequences: false) {
                if g.contains(".") {
                    guard isIPv4(String(g)) else { return false }
                    groups += 2
                } else {
                    guard !g.isEmpty, g.count <= 4 else { return false }
                    groups += 1
                }
            }
        }
        return halves.count == 2 ? groups < 8 : groups == 8
    }
}
