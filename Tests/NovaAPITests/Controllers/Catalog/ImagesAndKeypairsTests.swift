import Common
import Foundation
import Testing

@testable import NovaAPI

@Suite("Images and key pairs")
struct ImagesAndKeypairsTests {
    static let rsaKey =
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDx8nkQv/zgGgB4rMYmIf+6A4l6Rr+o/6lHBQdW5aYd44bd8JttDCE/F/pNRr0lRE+PiqSPO8nDPHw0010JeMH9gYgnnFlyY3/OcJ02RhIPyyxYpv9FhY+2YiUkpwFOcLImyrxEsYXpD/0d3ac30bNH6Sw9JD9UZHYcpSxsIbECHw== Generated-by-Nova"

    @Test("image list, detail and show up to 2.35; 404 from 2.36")
    func images() async throws {
        let h = await ControllerHarness()
        let id = ControllerHarness.imageID
        let list = await h.send("GET", "/v2.1/images")
        #expect(list.doc["images"]?.arrayValue?.first?["id"] == .string(id))
        #expect(list.doc["images"]?.arrayValue?.first?["links"]?.arrayValue?.count == 3)
        let detail = await h.send("GET", "/v2.1/images/\(id)")
        let image = detail.doc["image"]
        #expect(image?["status"] == "ACTIVE")
        #expect(image?["progress"] == 100)
        #expect(image?["OS-EXT-IMG-SIZE:size"] == 21_430_272)
        #expect(
            Set(image?.objectValue?.keys.map { $0 } ?? []) == [
                "id", "name", "minRam", "minDisk", "metadata", "created", "updated", "status", "progress",
                "OS-EXT-IMG-SIZE:size", "links",
            ])
        let missing = await h.send("GET", "/v2.1/images/nope")
        #expect(missing.status == 404)
        #expect(missing.faultMessage == "Image not found.")
        #expect(await h.send("GET", "/v2.1/images", version: "2.36").status == 404)
    }

    @Test("import an SSH key: fingerprint is the MD5 of the key; 201 from 2.2 with type")
    func importKey() async throws {
        let h = await ControllerHarness()
        let old = await h.send(
            "POST", "/v2.1/os-keypairs", body: ["keypair": ["name": "k1", "public_key": .string(Self.rsaKey)]])
        #expect(old.status == 200)
        #expect(old.doc["keypair"]?["fingerprint"] == "1e:2c:9b:56:79:4b:45:77:f9:ca:7a:98:2c:b0:d5:3c")
        #expect(old.doc["keypair"]?["user_id"] == "demo")
        #expect(old.doc["keypair"]?["type"] == nil)
        let new = await h.send(
            "POST", "/v2.1/os-keypairs", version: "2.2",
            body: ["keypair": ["name": "k2", "public_key": .string(Self.rsaKey)]])
        #expect(new.status == 201)
        #expect(new.doc["keypair"]?["type"] == "ssh")
        let dup = await h.send(
            "POST", "/v2.1/os-keypairs", body: ["keypair": ["name": "k1", "public_key": .string(Self.rsaKey)]])
        #expect(dup.status == 409)
        #expect(dup.faultMessage == "Key pair 'k1' already exists.")
        let bad = await h.send(
            "POST", "/v2.1/os-keypairs", body: ["keypair": ["name": "k3", "public_key": "ssh-rsa bm90IGEga2V5"]])
        #expect(bad.status == 400)
        #expect(bad.faultMessage == "Keypair data is invalid: failed to generate fingerprint")
        let list = await h.send("GET", "/v2.1/os-keypairs")
        #expect(list.doc["keypairs"]?.arrayValue?.compactMap { $0["keypair"]?["name"]?.stringValue } == ["k1", "k2"])
        #expect(
            Set(list.doc["keypairs"]?.arrayValue?.first?["keypair"]?.objectValue?.keys.map { $0 } ?? []) == [
                "name", "public_key", "fingerprint",
            ])
        let show = await h.send("GET", "/v2.1/os-keypairs/k1")
        #expect(
            Set(show.doc["keypair"]?.objectValue?.keys.map { $0 } ?? []) == [
                "name", "public_key", "fingerprint", "user_id", "id", "created_at", "updated_at", "deleted_at",
                "deleted",
            ])
        let others = await h.send("GET", "/v2.1/os-keypairs", token: "bob:demo")
        #expect(others.doc["keypairs"] == [])
        #expect(await h.send("GET", "/v2.1/os-keypairs/k1", token: "bob:demo").status == 404)
        #expect(await h.send("DELETE", "/v2.1/os-keypairs/k1").status == 202)
        #expect(await h.send("DELETE", "/v2.1/os-keypairs/k2", version: "2.2").status == 204)
        let gone = await h.send("DELETE", "/v2.1/os-keypairs/k2")
        #expect(gone.faultMessage == "Keypair k2 not found for user demo")
    }

    @Test("a key pair's name must be a valid name; the key_pairs quota is enforced")
    func limits() async throws {
        var settings = ComputeSettings()
        settings.quotaDefaults["key_pairs"] = 1
        let h = await ControllerHarness(settings: settings)
        let spaced = await h.send(
            "POST", "/v2.1/os-keypairs", body: ["keypair": ["name": " lead", "public_key": .string(Self.rsaKey)]])
        #expect(spaced.status == 400)
        #expect(
            await h.send(
                "POST", "/v2.1/os-keypairs", body: ["keypair": ["name": "a", "public_key": .string(Self.rsaKey)]]
            ).status == 200)
        let over = await h.send(
            "POST", "/v2.1/os-keypairs", body: ["keypair": ["name": "b", "public_key": .string(Self.rsaKey)]])
        #expect(over.status == 403)
        #expect(over.faultMessage == "Quota exceeded, too many key pairs.")
    }

    @Test("admins act on another user's key pairs from 2.10; members may not")
    func otherUsers() async throws {
        let h = await ControllerHarness()
        let made = await h.admin(
            "POST", "/v2.1/os-keypairs", version: "2.10",
            body: ["keypair": ["name": "k", "public_key": .string(Self.rsaKey), "user_id": "demo"]])
        #expect(made.status == 201)
        #expect(await h.send("GET", "/v2.1/os-keypairs/k").status == 200)
        let peek = await h.send("GET", "/v2.1/os-keypairs?user_id=admin", version: "2.10")
        #expect(peek.status == 403)
        let paged = await h.send("GET", "/v2.1/os-keypairs?limit=1", version: "2.35")
        #expect(paged.doc["keypairs_links"]?.arrayValue?.first?["rel"] == "next")
    }

    @Test("without a public key a key pair is generated and its private key answered once (501 without ssh-keygen)")
    func generate() async throws {
        let h = await ControllerHarness()
        let r = await h.send("POST", "/v2.1/os-keypairs", version: "2.2", body: ["keypair": ["name": "gen"]])
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh-keygen") else {
            #expect(r.status == 501)
            return
        }
        #expect(r.status == 201)
        let pub = try #require(r.doc["keypair"]?["public_key"]?.stringValue)
        #expect(pub.hasPrefix("ssh-rsa "))
        #expect(r.doc["keypair"]?["private_key"]?.stringValue?.contains("PRIVATE KEY") == true)
        #expect(r.doc["keypair"]?["fingerprint"] == .string(PublicKey.sshFingerprint(pub) ?? "?"))
        let shown = await h.send("GET", "/v2.1/os-keypairs/gen")
        #expect(shown.doc["keypair"]?["private_key"] == nil)
    }
}
