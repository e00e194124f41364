import Common
import Foundation
import NovaDB

/// Flavors, images and key pairs.
extension DatabaseComputeAPIStore {
    public func flavors(_ q: FlavorQuery) async throws -> [Flavor] {
        try await run {
            try await store.listFlavors(
                isPublic: q.isPublic, projectID: q.accessProjectID, minRAM: q.minMemoryMB, minDisk: q.minRootGB,
                disabled: q.includeDisabled ? nil : false, sort: [NovaDB.SortKey(q.sortKey, ascending: q.ascending)],
                limit: q.limit, marker: q.marker)
        }
    }

    public func flavor(flavorID: String) async throws -> Flavor {
        try await run { try await store.flavor(flavorID: flavorID) }
    }

    public func createFlavor(_ flavor: Flavor) async throws -> Flavor {
        try await run { try await store.createFlavor(flavor) }
    }

    public func updateFlavor(flavorID: String, description: String?) async throws -> Flavor {
        try await run { try await store.updateFlavorDescription(flavorID: flavorID, description: description) }
    }

    public func deleteFlavor(flavorID: String) async throws {
        try await run { try await store.deleteFlavor(flavorID: flavorID) }
    }

    public func setFlavorExtraSpecs(flavorID: String, _ specs: [String: String]) async throws -> Flavor {
        try await run { try await store.setFlavorExtraSpecs(flavorID: flavorID, specs) }
    }

    public func deleteFlavorExtraSpec(flavorID: String, key: String) async throws {
        try await run { try await store.deleteFlavorExtraSpec(flavorID: flavorID, key: key) }
    }

    public func addFlavorAccess(flavorID: String, projectID: String) async throws -> Flavor {
        // The store's grant is idempotent; the API answers a repeated one with 409.
        if try await flavor(flavorID: flavorID).projects.contains(projectID) {
            throw ComputeError.flavorAccessExists(flavorID, projectID)
        }
        return try await run {
            try await store.addFlavorAccess(flavorID: flavorID, projectID: projectID)
            return try await store.flavor(flavorID: flavorID)
        }
    }

    public func removeFlavorAccess(flavorID: String, projectID: String) async throws -> Flavor {
        guard try await flavor(flavorID: flavorID).projects.contains(projectID) else {
            throw ComputeError.flavorAccessNotFound(flavorID, projectID)
        }
        return try await run {
            try await store.removeFlavorAccess(flavorID: flavorID, projectID: projectID)
            return try await store.flavor(flavorID: flavorID)
        }
    }

    // MARK: images

    public func images(_ q: CatalogImageQuery) async throws -> [Image] {
        try await run {
            try await store.images(
                name: q.name, status: q.status, changesSince: q.changesSince, minRAM: q.minRam, minDisk: q.minDisk,
                limit: q.limit, marker: q.marker)
        }
    }

    public func image(id: String) async throws -> Image {
        try await run { try await store.image(id: id) }
    }

    // MARK: key pairs

    public func keypairs(userID: String, limit: Int?, marker: String?) async throws -> [KeyPair] {
        try await run { try await store.keyPairs(userID: userID, limit: limit, marker: marker) }
    }

    public func keypair(userID: String, name: String) async throws -> KeyPair {
        try await run { try await store.keyPair(userID: userID, name: name) }
    }

    public func createKeypair(_ keypair: KeyPair, maxPerUser: Int) async throws -> KeyPair {
        try await run {
            try await store.createKeyPair(keypair) { count in
                if maxPerUser >= 0, count >= maxPerUser {
                    throw ComputeError("KeypairLimitExceeded", status: 403, "Quota exceeded, too many key pairs.")
                }
            }
        }
    }

    public func deleteKeypair(userID: String, name: String) async throws {
        try await run { try await store.deleteKeyPair(userID: userID, name: name) }
    }
}
