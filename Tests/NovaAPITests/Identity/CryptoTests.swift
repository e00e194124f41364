import Foundation
import Testing

@testable import NovaIdentity

@Suite struct CryptoTests {
    @Test func passwordHashesAreSaltedSha512CryptAndVerify() throws {
        let a = try PasswordHash.make("correct horse", rounds: 6000)
        let b = try PasswordHash.make("correct horse", rounds: 6000)
        #expect(a.hasPrefix("$6$rounds=6000$"))
        #expect(a != b)  // a fresh salt each time
        #expect(PasswordHash.verify("correct horse", against: a))
        #expect(PasswordHash.verify("correct horse", against: b))
        #expect(!PasswordHash.verify("correct horsf", against: a))
        #expect(!PasswordHash.verify("", against: a))
        #expect(PasswordHash.sha512Rounds(of: a) == 6000)
    }

    @Test func hashesFromOtherToolsVerify() {
        // `openssl passwd -6 -salt saltsalt 'correct horse'` and `openssl passwd -5 -salt abcdefgh pw`.
        let sha512 =
            "$6$saltsalt$hRM5XZ86KXEw9UOmjigeVqFgULtFB2sgpC9lXQDfMib3Zgw7mEiUvBJI2EplzfAqxL5Vvwp2scFtv/uamSo5z0"
        #expect(PasswordHash.verify("correct horse", against: sha512))
        #expect(!PasswordHash.verify("correct horse ", against: sha512))
        #expect(PasswordHash.sha512Rounds(of: sha512) == 5000)
        #expect(PasswordHash.verify("pw", against: "$5$abcdefgh$ijtOJ//yvc/9bq1g0llFn9dB688BwBDRD90DlKKSKE1"))
    }

    @Test func malformedStoredHashesNeverMatch() {
        for stored in ["", "*", "*0", "plaintext", "$6$", "$99$x$y"] {
            #expect(!PasswordHash.verify("plaintext", against: stored), "\(stored)")
        }
        #expect(throws: PasswordHash.Failure.self) { try PasswordHash.make("a\0b", rounds: 5000) }
        #expect(throws: PasswordHash.Failure.self) { try PasswordHash.make("x", rounds: 10) }
    }

    @Test func hmacSha256MatchesRFC4231() {
        // RFC 4231 test case 2.
        let mac = HMACSHA256.mac(key: Array("Jefe".utf8), Array("what do ya want for nothing?".utf8))
        #expect(Hex.encode(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(HMACSHA256.constantTimeEqual(mac, mac))
        #expect(!HMACSHA256.constantTimeEqual(mac, Array(mac.dropLast()) + [mac.last! ^ 1]))
        #expect(!HMACSHA256.constantTimeEqual(mac, Array(mac.dropLast())))
    }

    @Test func base64URLRoundTripsAndRejectsForeignText() throws {
        for n in 0..<40 {
            let bytes = try SecureRandom.bytes(n)
            let text = Base64URL.encode(bytes)
            #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
            #expect(Base64URL.decode(text) == bytes)
        }
        #expect(Base64URL.encode(Array("f".utf8)) == "Zg")
        #expect(Base64URL.decode("Zg==") == nil)
        #expect(Base64URL.decode("Z") == nil)
        #expect(Base64URL.decode("Zh") == nil)  // non-zero leftover bits: a second spelling of "f"
        #expect(Base64URL.decode("a+b/") == nil)
    }

    @Test func hexIdsLookLikeKeystones() throws {
        let id = try SecureRandom.hexId()
        #expect(id.count == 32)
        #expect(Hex.decode(id) != nil)
        #expect(try SecureRandom.hexId() != id)
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
    }
}
