import CCrypto

/// Unpredictable bytes from OpenSSL's CSPRNG: token signing keys, audit ids, identifiers.
public enum SecureRandom {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String { "the system's random number generator failed (OpenSSL RAND_bytes)" }
    }

    public static func bytes(_ count: Int) throws(Failure) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return out }
        let ok = out.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        guard ok == 1 else { throw Failure() }
        return out
    }

    /// 32 lowercase hex digits: the shape of Keystone's ids (a uuid4 without dashes).
    public static func hexId() throws(Failure) -> String {
        var b = try bytes(16)
        b[6] = (b[6] & 0x0F) | 0x40  // version 4, as uuid4().hex
        b[8] = (b[8] & 0x3F) | 0x80
        return Hex.encode(b)
    }
}

/// Lowercase hexadecimal text.
public enum Hex {
    static let digits = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// nil unless the text is an even number of hex digits.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let hi = value(chars[i]), let lo = value(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
