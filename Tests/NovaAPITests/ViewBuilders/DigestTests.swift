import Testing

@testable import NovaAPI

@Suite("Digests")
struct DigestTests {
    @Test("SHA-224 matches the FIPS 180-2 test vectors")
    func sha224() {
        #expect(Digest.hex(Digest.sha224([])) == "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f")
        #expect(
            Digest.hex(Digest.sha224(Array("abc".utf8))) == "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7")
        let long = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(
            Digest.hex(Digest.sha224(Array(long.utf8))) == "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525")
    }

    @Test("hostId of project admin on compute1 is the one Nova showed")
    func novaHostID() {
        #expect(
            Digest.hex(Digest.sha224(Array("admincompute1".utf8)))
                == "372ceba105ea2afcdabdaa557018d8ac15dbe5db0aecf4e797b44df1")
    }

    @Test("MD5 matches the RFC 1321 test vectors")
    func md5() {
        #expect(Digest.hex(Digest.md5([])) == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(Digest.hex(Digest.md5(Array("abc".utf8))) == "900150983cd24fb0d6963f7d28e17f72")
        let digits = String(repeating: "1234567890", count: 8)
        #expect(Digest.hex(Digest.md5(Array(digits.utf8))) == "57edf4a22be3c955ac49da2e2107b67a")
    }
}
