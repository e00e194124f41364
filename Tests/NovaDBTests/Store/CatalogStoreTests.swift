import Common
import Foundation
import NovaDB
import Testing

@Suite("Flavors, images and key pairs in the store, on both engines")
struct CatalogStoreTests {
    @Test("a flavor round-trips with extra specs and access; names and ids are unique", arguments: TestEngine.allCases)
    func flavors(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        var f = Fixtures.flavor("42", name: "m1.answer", vcpus: 2, ram: 2048, disk: 20)
        f.extraSpecs = ["hw:cpu_policy": "dedicated"]
        f.isPublic = false
        f.projects = ["p1"]
        f.flavorDescription = "for tests"
        let made = try await store.createFlavor(f)
        #expect(made.id > 0)
        let got = try await store.flavor(flavorID: "42")
        #expect(got.name == "m1.answer")
        #expect(got.vcpus == 2 && got.memoryMB == 2048 && got.rootGB == 20)
        #expect(got.extraSpecs == ["hw:cpu_policy": "dedicated"])
        #expect(got.projects == ["p1"])
        #expect(got.isPublic == false)
        #expect(got.rxtxFactor == 1.0)
        #expect(got.flavorDescription == "for tests")
        #expect(try await store.flavor(id: made.id).flavorID == "42")
        await #expect(throws: FlavorIdExists.self) {
            try await store.createFlavor(Fixtures.flavor("42", name: "other"))
        }
        await #expect(throws: FlavorExists.self) {
            try await store.createFlavor(Fixtures.flavor("43", name: "m1.answer"))
        }
        await #expect(throws: FlavorNotFound.self) { try await store.flavor(flavorID: "nope") }

        let specs = try await store.setFlavorExtraSpecs(flavorID: "42", ["hw:cpu_policy": "shared", "k": "v"])
        #expect(specs.extraSpecs == ["hw:cpu_policy": "shared", "k": "v"])
        try await store.deleteFlavorExtraSpec(flavorID: "42", key: "k")
        await #expect(throws: FlavorNotFound.self) { try await store.deleteFlavorExtraSpec(flavorID: "42", key: "k") }
        #expect(try await store.addFlavorAccess(flavorID: "42", projectID: "p2") == ["p1", "p2"])
        #expect(try await store.addFlavorAccess(flavorID: "42", projectID: "p2") == ["p1", "p2"])
        #expect(try await store.removeFlavorAccess(flavorID: "42", projectID: "p1") == ["p2"])
        try await store.deleteFlavor(flavorID: "42")
        await #expect(throws: FlavorNotFound.self) { try await store.flavor(flavorID: "42") }
        await #expect(throws: FlavorNotFound.self) { try await store.deleteFlavor(flavorID: "42") }
    }

    @Test(
        "flavor lists filter by visibility, project access and minimums, and page by flavorid",
        arguments: TestEngine.allCases)
    func flavorLists(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        for (id, ram, disk) in [("1", 512, 1), ("2", 2048, 20), ("3", 4096, 40), ("4", 8192, 80)] {
            _ = try await store.createFlavor(Fixtures.flavor(id, name: "f\(id)", ram: ram, disk: disk))
        }
        var priv = Fixtures.flavor("5", name: "private", ram: 1024, disk: 10)
        priv.isPublic = false
        priv.projects = ["p1"]
        _ = try await store.createFlavor(priv)
        #expect(try await store.flavors().map(\.flavorID) == ["1", "2", "3", "4", "5"])
        #expect(try await store.flavors(isPublic: true).map(\.flavorID) == ["1", "2", "3", "4"])
        #expect(try await store.flavors(isPublic: true, projectID: "p1").map(\.flavorID) == ["1", "2", "3", "4", "5"])
        #expect(try await store.flavors(isPublic: false).map(\.flavorID) == ["5"])
        #expect(try await store.flavors(minRAM: 2048, minDisk: 40).map(\.flavorID) == ["3", "4"])
        #expect(try await store.flavors(limit: 2, marker: "2").map(\.flavorID) == ["3", "4"])
        #expect(try await store.flavors(sort: [.desc("memory_mb")], limit: 2).map(\.flavorID) == ["4", "3"])
        await #expect(throws: MarkerNotFound.self) { try await store.flavors(marker: "9") }
    }

    @Test("ensureFlavor creates once, accepts the same again, refuses different sizes", arguments: TestEngine.allCases)
    func ensureFlavor(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        let (first, created) = try await store.ensureFlavor(Fixtures.flavor("1", name: "m1.tiny"))
        #expect(created)
        let (again, createdAgain) = try await store.ensureFlavor(Fixtures.flavor("1", name: "m1.tiny"))
        #expect(!createdAgain)
        #expect(again.id == first.id)
        await #expect(throws: FlavorIdExists.self) {
            try await store.ensureFlavor(Fixtures.flavor("1", name: "m1.tiny", vcpus: 2))
        }
    }

    @Test("images round-trip, ensureImage converges, unknown ids are ImageNotFound", arguments: TestEngine.allCases)
    func images(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        var img = Image()
        img.id = "70a599e0-31e7-49b7-b260-868f441e862b"
        img.name = "cirros"
        img.diskFormat = "qcow2"
        img.size = 21_430_272
        img.properties = ["os_distro": "cirros"]
        let (made, changed) = try await store.ensureImage(img)
        #expect(changed)
        #expect(made.status == "active")
        #expect(made.properties == ["os_distro": "cirros"])
        #expect(made.size == 21_430_272)
        #expect(try await store.ensureImage(img).changed == false)
        img.minDisk = 1
        let (updated, changedAgain) = try await store.ensureImage(img)
        #expect(changedAgain)
        #expect(updated.minDisk == 1)
        #expect(try await store.image(id: img.id).minDisk == 1)
        #expect(try await store.images().map(\.id) == [img.id])
        await #expect(throws: ObjectExists.self) { try await store.createImage(img) }
        try await store.deleteImage(id: img.id)
        await #expect(throws: ImageNotFound.self) { try await store.image(id: img.id) }
    }

    @Test("key pairs are unique per user and listed by name", arguments: TestEngine.allCases)
    func keyPairs(engine: TestEngine) async throws {
        let store = try await engine.openStore()
        defer { store.close() }
        for (user, name) in [("u1", "b"), ("u1", "a"), ("u2", "a")] {
            var kp = KeyPair()
            kp.userID = user
            kp.name = name
            kp.publicKey = "ssh-ed25519 AAAA \(user)"
            kp.fingerprint = "fp"
            _ = try await store.createKeyPair(kp)
        }
        #expect(try await store.keyPairs(userID: "u1").map(\.name) == ["a", "b"])
        #expect(try await store.keyPairs(userID: "u1", marker: "a").map(\.name) == ["b"])
        #expect(try await store.keyPair(userID: "u2", name: "a").publicKey == "ssh-ed25519 AAAA u2")
        #expect(try await store.keyPair(userID: "u2", name: "a").type == "ssh")
        #expect(try await store.keyPairCount(userID: "u1") == 2)
        var dup = KeyPair()
        dup.userID = "u1"
        dup.name = "a"
        await #expect(throws: KeyPairExists.self) { try await store.createKeyPair(dup) }
        try await store.deleteKeyPair(userID: "u1", name: "a")
        await #expect(throws: KeypairNotFound.self) { try await store.keyPair(userID: "u1", name: "a") }
    }
}
