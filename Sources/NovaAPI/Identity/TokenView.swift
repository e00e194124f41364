import Common
import Foundation
import NovaIdentity

/// The `{"token": {...}}` body Keystone answers on issue and validation.
enum TokenView {
    static func body(_ v: IdentityService.ValidToken, catalog: JSONValue?) -> JSONValue {
        var token: [String: JSONValue] = [
            "methods": .array(v.token.methods.map { .string($0) }),
            "user": [
                "domain": domain(v.userDomain), "id": .string(v.user.id), "name": .string(v.user.name),
                "password_expires_at": .null,
            ],
            "audit_ids": .array(v.token.auditIds.map { .string($0) }),
            "issued_at": .string(time(v.token.issuedAt)),
            "expires_at": .string(time(v.token.expiresAt)),
        ]
        if let project = v.project, let projectDomain = v.projectDomain {
            token["project"] = [
                "domain": domain(projectDomain), "id": .string(project.id), "name": .string(project.name),
            ]
            token["is_domain"] = false
            token["roles"] = .array(v.roles.map { ["id": .string($0.id), "name": .string($0.name)] })
            if let catalog { token["catalog"] = catalog }
        }
        return ["token": .object(token)]
    }

    static func domain(_ d: IdentityDirectory.Domain) -> JSONValue { ["id": .string(d.id), "name": .string(d.name)] }

    /// `2015-11-07T02:58:43.578887Z`: Keystone's subsecond isotime.
    static func time(_ d: Date) -> String { NovaTime.format(d, .isoMicroseconds) + "Z" }
}
