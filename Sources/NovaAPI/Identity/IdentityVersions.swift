import Common

/// Keystone's version discovery documents, which keystoneauth reads to find v3.
enum IdentityVersions {
    static let id = "v3.14"
    static let updated = "2020-04-07T00:00:00Z"

    static func v3(identityURL: String) -> JSONValue {
        [
            "id": .string(id), "status": "stable", "updated": .string(updated),
            "links": [["rel": "self", "href": .string(identityURL + "/v3/")]],
            "media-types": [["base": "application/json", "type": "application/vnd.openstack.identity-v3+json"]],
        ]
    }

    /// `GET /identity`: 300 Multiple Choices, as Keystone answers at its root.
    static func all(identityURL: String) -> JSONValue { ["versions": ["values": [v3(identityURL: identityURL)]]] }

    /// `GET /identity/v3`.
    static func version(identityURL: String) -> JSONValue { ["version": v3(identityURL: identityURL)] }
}
