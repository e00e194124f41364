import Foundation
import Testing

@testable import NovaIdentity

@Suite struct TokenKeyFileTests {
    let dir = NSTemporaryDirectory() + "token-key-" + UUID().uuidString

    @Test func theKeyFileIsCreatedOnceWithMode0600() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = TokenKeyFile(path: dir + "/sub/token.key")
        let keys = try file.loadOrCreate()
        #expect(keys.count == 1 && keys[0].count == 32)
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try file.loadOrCreate() == keys)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/sub") == ["token.key"])
    }

    @Test func workersStartingTogetherAgreeOnOneKey() async throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/token.key"
        let results = await withTaskGroup(of: [[UInt8]]?.self) { group in
            for _ in 0..<8 { group.addTask { try? TokenKeyFile(path: path).loadOrCreate() } }
            var all: [[[UInt8]]?] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.allSatisfy { $0 != nil })
        #expect(Set(results.compactMap { $0 }.map { $0.map(Hex.encode) }).count == 1)
    }

    @Test func aLooseModeOrABadKeyIsRefused() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/token.key"
        try (String(repeating: "ab", count: 32) + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(throws: TokenKeyFile.Problem.self) { try TokenKeyFile(path: path).load() }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        #expect(try TokenKeyFile(path: path).load().count == 1)
        try "# rotated\n\(String(repeating: "cd", count: 32))\n\(String(repeating: "ab", count: 32))\n"
            .write(toFile: path, atomically: false, encoding: .utf8)
        #expect(
            try TokenKeyFile(path: path).load().map(Hex.encode) == [
                String(repeating: "cd", count: 32), String(repeating: "ab", count: 32),
            ])
        try "abcd\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(throws: TokenKeyFile.Problem.self) { try TokenKeyFile(path: path).load() }
    }
}
