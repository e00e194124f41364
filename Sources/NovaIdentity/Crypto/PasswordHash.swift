import CCrypt

/// Salted, slow password hashes through libxcrypt: new hashes are sha512-crypt (`$6$rounds=N$salt$…`,
/// what `mkpasswd -m sha-512` and `openssl passwd -6` write), and verification accepts any scheme
/// libxcrypt knows (yescrypt `$y$`, bcrypt `$2b$`, sha256-crypt `$5$`), so operators may paste their own.
/// Both calls burn CPU on purpose: callers run them off the cooperative pool.
public enum PasswordHash {
    /// libxcrypt's sha512-crypt accepts 1000...999_999_999 rounds.
    public static let roundsRange = 1000...999_999_999
    public static let defaultRounds = 100_000

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// A new sha512-crypt hash of `password` with a fresh random salt.
    public static func make(_ password: String, rounds: Int = defaultRounds) throws(Failure) -> String {
        guard !password.utf8.contains(0) else { throw Failure(description: "a password cannot contain NUL bytes") }
        guard roundsRange.contains(rounds) else {
            throw Failure(description: "sha512-crypt rounds must be within \(roundsRange), not \(rounds)")
        }
        var setting = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        // A nil random source makes libxcrypt draw the salt from the kernel (getrandom).
        let made = setting.withUnsafeMutableBufferPointer {
            crypt_gensalt_rn("$6$", UInt(rounds), nil, 0, $0.baseAddress, Int32($0.count))
        }
        guard made != nil else { throw Failure(description: "libxcrypt could not make a sha512-crypt salt") }
        let settingText = String(decoding: setting.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let hash = crypt(password, setting: settingText) else {
            throw Failure(description: "libxcrypt could not hash the password")
        }
        return hash
    }

    /// Whether `password` hashes to `stored`; false for a malformed or unsupported stored hash.
    /// The final comparison is constant-time.
    public static func verify(_ password: String, against stored: String) -> Bool {
        guard !password.utf8.contains(0), !stored.isEmpty, !stored.hasPrefix("*"),
            let computed = crypt(password, setting: stored)
        else { return false }
        return HMACSHA256.constantTimeEqual(Array(computed.utf8), Array(stored.utf8))
    }

    /// The number of sha512-crypt rounds a stored hash uses (5000 when it names none), nil for other schemes.
    public static func sha512Rounds(of stored: String) -> Int? {
        guard stored.hasPrefix("$6$") else { return nil }
        let rest = stored.dropFirst(3)
        guard rest.hasPrefix("rounds=") else { return 5000 }
        return Int(rest.dropFirst(7).prefix { $0 != "$" })
    }

    /// crypt_rn with a private work area (reentrant; the area is ~32 KiB, too big for the stack).
    static func crypt(_ phrase: String, setting: String) -> String? {
        let size = MemoryLayout<crypt_data>.size
        let data = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<crypt_data>.alignment)
        data.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        defer {
            // The work area held the password: wipe it before giving the memory back.
            data.initializeMemory(as: UInt8.self, repeating: 0, count: size)
            data.deallocate()
        }
        guard let out = crypt_rn(phrase, setting, data, Int32(size)) else { return nil }
        let text = String(cString: out)
        return text.hasPrefix("*") ? nil : text
    }
}
