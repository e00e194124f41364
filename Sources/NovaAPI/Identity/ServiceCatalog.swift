import Common
import NovaIdentity

/// The service catalog a token carries: nova-api itself as `compute` (`/v2.1`), `image` (`/image`) and
/// `identity` (`/identity`), each with public, internal and admin endpoints on the same URL.
public struct ServiceCatalog: Sendable {
    public let region: String

    public init(region: String) { self.region = region }

    struct Service {
        let type: String
        let name: String
        let path: String
    }

    static let services = [
        Service(type: "compute", name: "nova", path: "/v2.1"),
        Service(type: "image", name: "glance", path: "/image"),
        Service(type: "identity", name: "keystone", path: "/identity"),
    ]

    /// The `catalog` list for a base URL (`http://host:port`).
    public func entries(baseURL: String) -> JSONValue {
        .array(
            Self.services.map { s in
                let endpoints = ["public", "internal", "admin"].map { interface -> JSONValue in
                    [
                        "id": .string(Self.stableId("endpoint", s.type, interface)), "interface": .string(interface),
                        "region": .string(region), "region_id": .string(region), "url": .string(baseURL + s.path),
                    ]
                }
                return [
                    "endpoints": .array(endpoints), "id": .string(Self.stableId("service", s.type)),
                    "type": .string(s.type), "name": .string(s.name),
                ]
            })
    }

    /// Ids that are the same in every worker and every run, shaped as Keystone's (32 hex digits).
    static func stableId(_ parts: String...) -> String {
        Hex.encode(
            Array(
                HMACSHA256.mac(key: Array("mini-nova catalog".utf8), Array(parts.joined(separator: "/").utf8)).prefix(
                    16)))
    }
}
