import Common
import Foundation
import Testing

@testable import NovaAPI

@Suite struct IdentitySetupTests {
    let state = NSTemporaryDirectory() + "identity-setup-" + UUID().uuidString

    func config(_ strategy: String) -> Config {
        Config(
            definitions: NovaOptions.all,
            overrides: ["DEFAULT.state_path": .string(state), "api.auth_strategy": .string(strategy)])
    }

    @Test func noauth2MountsOnlyTheImageEndpoint() throws {
        defer { try? FileManager.default.removeItem(atPath: state) }
        let parts = try IdentitySetup.make(
            config: config("noauth2"), revocations: MemoryTokenRevocations(), images: MemoryImageCatalog([]))
        #expect(parts.service == nil && parts.authenticator == nil)
        #expect(parts.mounts.map(\.prefix) == ["/image"])
        #expect(!FileManager.default.fileExists(atPath: state + "/identity_token.key"))
    }

    @Test func identityMountsBothCreatesTheKeyAndReportsAMissingUsersFile() throws {
        defer { try? FileManager.default.removeItem(atPath: state) }
        let parts = try IdentitySetup.make(
            config: config("identity"), revocations: MemoryTokenRevocations(), images: MemoryImageCatalog([]))
        #expect(parts.service != nil && parts.authenticator is IdentityAuthenticator)
        #expect(parts.mounts.map(\.prefix) == ["/identity", "/image"])
        let mode =
            try FileManager.default.attributesOfItem(atPath: state + "/identity_token.key")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(parts.problems.count == 1)
        #expect(parts.problems.first?.contains(state + "/identity_users.json") == true)
    }

    @Test func theAssembledPipelineServesAllThree() async throws {
        defer { try? FileManager.default.removeItem(atPath: state) }
        let conf = config("identity")
        let parts = try IdentitySetup.make(
            config: conf, revocations: MemoryTokenRevocations(), images: MemoryImageCatalog([]))
        let assembly = try ComputeAPI.assemble(
            config: conf, router: sampleRouter(), identity: parts.authenticator, logSink: CollectingLogSink(),
            mounts: parts.mounts)
        let h = HTTPHeaders([("Host", "localhost:8774")])
        #expect(
            await assembly.pipeline.handle(HTTPRequest(method: "GET", target: "/identity/v3", headers: h)).status == 200
        )
        #expect(await assembly.pipeline.handle(HTTPRequest(method: "GET", target: "/image", headers: h)).status == 300)
        let compute = await assembly.pipeline.handle(HTTPRequest(method: "GET", target: "/v2.1/servers", headers: h))
        #expect(compute.status == 401)
        #expect(compute.headers["WWW-Authenticate"] == "Keystone uri=\"http://localhost:8774/identity\"")
    }
}
