import CCrypto

/// HMAC-SHA256 through OpenSSL, and the constant-time comparison that verifying a MAC needs.
public enum HMACSHA256 {
    public static let length = 32

    public static func mac(key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var outLength: UInt32 = 0
        let result = key.withUnsafeBufferPointer { k in
            message.withUnsafeBufferPointer { m in
                out.withUnsafeMutableBufferPointer { o in
                    HMAC(EVP_sha256(), k.baseAddress, Int32(k.count), m.baseAddress, m.count, o.baseAddress, &outLength)
                }
            }
        }
        // HMAC only fails on allocation failure; a process that cannot allocate 32 bytes cannot go on.
        precondition(result != nil && outLength == UInt32(length), "OpenSSL HMAC-SHA256 failed")
        return Array(out.prefix(length))
    }

    /// Equal bytes, in time that depends only on the length (OpenSSL's CRYPTO_memcmp).
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBytes { pa in
            b.withUnsafeBytes { pb in CRYPTO_memcmp(pa.baseAddress, pb.baseAddress, a.count) == 0 }
        }
    }
}
