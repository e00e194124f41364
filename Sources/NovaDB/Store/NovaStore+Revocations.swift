import Common
import Foundation

/// Revoked identity tokens, by audit id: the one piece of identity state every nova-api worker shares.
/// A row is kept until the token would have expired anyway.
extension NovaStore {
    /// Records that tokens with `auditID` are revoked until `expiresAt` (idempotent: a later expiry wins),
    /// and forgets revocations whose tokens have expired.
    public func revokeToken(auditID: String, expiresAt: Date) async throws {
        try await write { s in
            let now = Self.now()
            try s.execute("DELETE FROM token_revocations WHERE expires_at <= ?", [now])
            try s.execute("""
                INSERT INTO token_revocations (audit_id, expires_at, created_at) VALUES (?, ?, ?)
                ON CONFLICT (audit_id) DO UPDATE SET expires_at = excluded.expires_at, updated_at = excluded.created_at
                    WHERE token_revocations.expires_at < excluded.expires_at
                """, [.text(auditID), .from(expiresAt), now])
        }
    }

    /// The audit ids revoked now (their tokens not yet expired at `now`).
    public func revokedTokens(at now: Date = NovaTime.now()) async throws -> Set<String> {
        try await read { s in
            Set(try s.query("SELECT audit_id FROM token_revocations WHERE expires_at > ?", [.from(now)])
                .compactMap { $0.string("audit_id") })
        }
    }
}
