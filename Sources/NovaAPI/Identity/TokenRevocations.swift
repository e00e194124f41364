import Foundation

/// Where revoked tokens are remembered (`DELETE /identity/v3/auth/tokens`). Tokens are self-contained,
/// so this is the only state every nova-api worker must share: the database in production.
/// A token is named by its audit id; `expiresAt` lets the store forget it once it would be refused anyway.
public protocol TokenRevocations: Sendable {
    func revoke(auditId: String, expiresAt: Date) async throws
    func isRevoked(auditId: String) async throws -> Bool
}

/// Revocations in this process's memory: tests and single-process development.
public actor MemoryTokenRevocations: TokenRevocations {
    private var revoked: [String: Date] = [:]

    public init() {}

    public func revoke(auditId: String, expiresAt: Date) {
        let now = Date()
        revoked = revoked.filter { $0.value > now }
        revoked[auditId] = expiresAt
    }

    public func isRevoked(auditId: String) -> Bool { revoked[auditId] != nil }
}
