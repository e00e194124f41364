import Foundation

/// What a token says, signed: who, which project (nil: unscoped), which roles, how it was obtained,
/// when it was issued and until when it holds. Everything a worker needs to accept it without a store.
public struct Token: Sendable, Equatable {
    public var userId: String
    public var projectId: String?
    public var roles: [String]
    public var methods: [String]
    public var issuedAt: Date
    public var expiresAt: Date
    /// Keystone's audit ids: this token's own first, then the one it was rescoped from, if any.
    /// The first is what a revocation names.
    public var auditIds: [String]

    public init(
        userId: String, projectId: String?, roles: [String], methods: [String], issuedAt: Date,
        expiresAt: Date, auditIds: [String]
    ) {
        self.userId = userId
        self.projectId = projectId
        self.roles = roles
        self.methods = methods
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.auditIds = auditIds
    }

    public var auditId: String { auditIds.first ?? "" }

    /// Keystone's audit id: 16 random bytes, base64url without padding (22 characters).
    public static func newAuditId() throws(SecureRandom.Failure) -> String {
        Base64URL.encode(try SecureRandom.bytes(16))
    }
}
