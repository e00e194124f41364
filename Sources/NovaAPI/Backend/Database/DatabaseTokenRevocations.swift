import Common
import Foundation
import NovaDB

/// Revoked tokens in the database, shared by every nova-api worker. Checking a token must not cost a
/// query per request, so the revoked audit ids are cached and re-read when the cache is older than
/// `refreshInterval` (a second): a revocation made by another worker takes effect there within about
/// that long, one made here at once.
public actor DatabaseTokenRevocations: TokenRevocations {
    public let store: NovaStore
    public let refreshInterval: Duration
    private let clock = ContinuousClock()
    private var revoked: Set<String> = []
    /// Revoked by this process, until their tokens expire: a refresh that read the table before such a
    /// revocation was committed must not make it forgotten.
    private var revokedHere: [String: Date] = [:]
    private var loadedAt: ContinuousClock.Instant?
    /// The read under way, shared by the checks that arrive while it runs.
    private var refreshing: Task<Set<String>, any Error>?

    public init(store: NovaStore, refreshInterval: Duration = .seconds(1)) {
        self.store = store
        self.refreshInterval = refreshInterval
    }

    public func revoke(auditId: String, expiresAt: Date) async throws {
        try await store.revokeToken(auditID: auditId, expiresAt: expiresAt)
        let now = Date()
        revokedHere = revokedHere.filter { $0.value > now }
        revokedHere[auditId] = expiresAt
    }

    public func isRevoked(auditId: String) async throws -> Bool {
        if revokedHere[auditId] != nil { return true }
        return try await current().contains(auditId)
    }

    /// The cached set, re-read first when it is stale.
    private func current() async throws -> Set<String> {
        if let loadedAt, clock.now - loadedAt < refreshInterval { return revoked }
        let task: Task<Set<String>, any Error>
        if let refreshing {
            task = refreshing
        } else {
            let store = self.store
            task = Task { try await store.revokedTokens() }
            refreshing = task
        }
        do {
            let fresh = try await task.value
            if refreshing == task {
                refreshing = nil
                revoked = fresh
                loadedAt = clock.now
            }
            return revoked
        } catch {
            if refreshing == task { refreshing = nil }
            throw error
        }
    }
}
