import Foundation
import Testing

@testable import NovaIdentity

@Suite struct TokenCodecTests {
    static let issued = Date(timeIntervalSince1970: 1_800_000_000.123456)

    static func token(projectId: String? = "p1") -> Token {
        Token(
            userId: "u1", projectId: projectId, roles: ["member", "reader"], methods: ["password"],
            issuedAt: issued, expiresAt: issued.addingTimeInterval(3600), auditIds: ["aaaaaaaaaaaaaaaaaaaaaa"])
    }

    @Test func aTokenRoundTrips() throws {
        let codec = TokenCodec(keys: [try SecureRandom.bytes(32)])
        for t in [Self.token(), Self.token(projectId: nil)] {
            let text = codec.encode(t)
            #expect(text.hasPrefix("mn1."))
            #expect(text.count < 400)
            #expect(try codec.decode(text, now: Self.issued).get() == t)
        }
    }

    @Test func expiryIsEnforced() throws {
        let codec = TokenCodec(keys: [try SecureRandom.bytes(32)])
        let text = codec.encode(Self.token())
        #expect((try? codec.decode(text, now: Self.issued.addingTimeInterval(3599)).get()) != nil)
        #expect(codec.decode(text, now: Self.issued.addingTimeInterval(3600)) == .failure(.expired(Self.token())))
    }

    @Test func anyAlterationIsInvalid() throws {
        let codec = TokenCodec(keys: [try SecureRandom.bytes(32)])
        let text = codec.encode(Self.token())
        var bytes = Array(text.utf8)
        for i in stride(from: 4, to: bytes.count, by: 7) {
            var altered = bytes
            altered[i] = altered[i] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            #expect(codec.decode(String(decoding: altered, as: UTF8.self), now: Self.issued) == .failure(.invalid))
        }
        bytes.removeLast()
        #expect(codec.decode(String(decoding: bytes, as: UTF8.self), now: Self.issued) == .failure(.invalid))
        for junk in ["", ".", "mn1..", "mn2" + text.dropFirst(3), String(repeating: "a", count: 5000)] {
            #expect(codec.decode(junk, now: Self.issued) == .failure(.invalid))
        }
    }

    @Test func retiredKeysStillVerifyAndOnlyTheFirstSigns() throws {
        let old = try SecureRandom.bytes(32)
        let new = try SecureRandom.bytes(32)
        let before = TokenCodec(keys: [old]).encode(Self.token())
        let rotated = TokenCodec(keys: [new, old])
        #expect((try? rotated.decode(before, now: Self.issued).get()) != nil)
        let after = rotated.encode(Self.token())
        #expect(TokenCodec(keys: [old]).decode(after, now: Self.issued) == .failure(.invalid))
        #expect((try? TokenCodec(keys: [new]).decode(after, now: Self.issued).get()) != nil)
    }
}
