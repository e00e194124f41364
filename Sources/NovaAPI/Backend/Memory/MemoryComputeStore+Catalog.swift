import Common
import Foundation

/// Flavors, images and key pairs.
extension MemoryComputeStore {
    public func flavors(_ q: FlavorQuery) throws -> [Flavor] {
        let matching = flavorsByFlavorID.values.filter { f in
            if f.deleted { return false }
            if let isPublic = q.isPublic {
                let granted = q.accessProjectID.map { f.projects.contains($0) } ?? false
                if isPublic ? !(f.isPublic || granted) : f.isPublic { return false }
            }
            if !q.includeDisabled, f.disabled { return false }
            if let m = q.minMemoryMB, f.memoryMB < m { return false }
            if let d = q.minRootGB, f.rootGB < d { return false }
            return true
        }
        let ordered = Self.sorted(Array(matching), by: [SortKey(q.sortKey, ascending: q.ascending)])
        return try Self.page(ordered, limit: q.limit, marker: q.marker, key: \.flavorID)
    }

    public func flavor(flavorID: String) throws -> Flavor {
        guard let f = flavorsByFlavorID[flavorID], !f.deleted else { throw ComputeError.flavorNotFound(flavorID) }
        return f
    }

    public func createFlavor(_ flavor: Flavor) throws -> Flavor {
        let live = flavorsByFlavorID.values.filter { !$0.deleted }
        if live.contains(where: { $0.name == flavor.name }) { throw ComputeError.flavorExists(name: flavor.name ?? "") }
        if live.contains(where: { $0.flavorID == flavor.flavorID }) {
            throw ComputeError.flavorIdExists(flavor.flavorID)
        }
        var f = flavor
        f.id = nextID()
        f.createdAt = clock()
        f.setDefaults()
        flavorsByFlavorID[f.flavorID] = f
        return f
    }

    public func updateFlavor(flavorID: String, description: String?) throws -> Flavor {
        var f = try flavor(flavorID: flavorID)
        f.flavorDescription = description
        f.updatedAt = clock()
        flavorsByFlavorID[flavorID] = f
        return f
    }

    public func deleteFlavor(flavorID: String) throws {
        var f = try flavor(flavorID: flavorID)
        f.deleted = true
        f.deletedAt = clock()
        // A deleted flavor's API id may be reused: keep the row under another key, as a soft-deleted row.
        flavorsByFlavorID[flavorID] = nil
        flavorsByFlavorID["deleted-\(f.id)"] = f
    }

    public func setFlavorExtraSpecs(flavorID: String, _ specs: [String: String]) throws -> Flavor {
        var f = try flavor(flavorID: flavorID)
        f.extraSpecs = f.extraSpecs.merging(specs) { _, new in new }
        flavorsByFlavorID[flavorID] = f
        return f
    }

    public func deleteFlavorExtraSpec(flavorID: String, key: String) throws {
        var f = try flavor(flavorID: flavorID)
        guard f.extraSpecs[key] != nil else { throw ComputeError.flavorExtraSpecsNotFound(flavorID, key) }
        f.extraSpecs[key] = nil
        flavorsByFlavorID[flavorID] = f
    }

    public func addFlavorAccess(flavorID: String, projectID: String) throws -> Flavor {
        var f = try flavor(flavorID: flavorID)
        if f.projects.contains(projectID) { throw ComputeError.flavorAccessExists(flavorID, projectID) }
        f.projects = f.projects + [projectID]
        flavorsByFlavorID[flavorID] = f
        return f
    }

    public func removeFlavorAccess(flavorID: String, projectID: String) throws -> Flavor {
        var f = try flavor(flavorID: flavorID)
        guard f.projects.contains(projectID) else { throw ComputeError.flavorAccessNotFound(flavorID, projectID) }
        f.projects = f.projects.filter { $0 != projectID }
        flavorsByFlavorID[flavorID] = f
        return f
    }

    // MARK: images

    public func images(_ q: CatalogImageQuery) throws -> [Image] {
        let matching = imagesByID.values.filter { i in
            if i.deleted { return false }
            if let n = q.name, i.name != n { return false }
            if let s = q.status, i.status.lowercased() != s.lowercased() { return false }
            if let since = q.changesSince, (i.updatedAt ?? .distantPast) < since { return false }
            if let r = q.minRam, i.minRam < r { return false }
            if let d = q.minDisk, i.minDisk < d { return false }
            return true
        }
        let newestFirst = Self.sorted(Array(matching), by: [SortKey("created_at", ascending: false)])
        return try Self.page(newestFirst, limit: q.limit, marker: q.marker, key: \.id)
    }

    public func image(id: String) throws -> Image {
        guard let i = imagesByID[id], !i.deleted else { throw ComputeError.imageNotFound(id) }
        return i
    }

    // MARK: key pairs

    public func keypairs(userID: String, limit: Int?, marker: String?) throws -> [KeyPair] {
        let mine = (keypairsByUser[userID] ?? [:]).values.sorted { $0.name < $1.name }
        return try Self.page(mine, limit: limit, marker: marker, key: \.name)
    }

    public func keypair(userID: String, name: String) throws -> KeyPair {
        guard let k = keypairsByUser[userID]?[name] else { throw ComputeError.keypairNotFound(name, userID: userID) }
        return k
    }

    public func createKeypair(_ keypair: KeyPair, maxPerUser: Int) throws -> KeyPair {
        let user = keypair.userID ?? ""
        let mine = keypairsByUser[user] ?? [:]
        if maxPerUser >= 0, mine.count >= maxPerUser {
            throw ComputeError("KeypairLimitExceeded", status: 403, "Quota exceeded, too many key pairs.")
        }
        if mine[keypair.name] != nil { throw ComputeError.keyPairExists(keypair.name) }
        var k = keypair
        k.id = nextID()
        k.createdAt = clock()
        k.setDefaults()
        keypairsByUser[user, default: [:]][k.name] = k
        return k
    }

    public func deleteKeypair(userID: String, name: String) throws {
        guard keypairsByUser[userID]?[name] != nil else { throw ComputeError.keypairNotFound(name, userID: userID) }
        keypairsByUser[userID]?[name] = nil
    }
}
