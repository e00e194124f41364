import Foundation

/// Checks an imported public key and computes its fingerprint as Nova does: an OpenSSH key
/// (`type base64 [comment]`, MD5 of the key blob, colon-separated) or an x509 PEM certificate (SHA-1 of
/// the DER, colon-separated).
enum PublicKey {
    static let sshTypes: Set<String> = [
        "ssh-rsa", "ssh-dss", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    ]

    static func colonHex(_ bytes: [UInt8]) -> String {
        let hex = Digest.hex(bytes)
        var parts: [Substring] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            parts.append(hex[i..<j])
            i = j
        }
        return parts.joined(separator: ":")
    }

    /// The fingerprint of an OpenSSH public key, nil when it does not parse.
    static func sshFingerprint(_ text: String) -> String? {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, sshTypes.contains(String(parts[0])), let blob = Data(base64Encoded: String(parts[1]))
        else {
            return nil
        }
        let bytes = [UInt8](blob)
        guard let fields = lengthPrefixedFields(bytes), let first = fields.first,
            String(decoding: first, as: UTF8.self) == parts[0]
        else { return nil }
        let minimum = parts[0] == "ssh-rsa" || parts[0].hasPrefix("ecdsa") ? 3 : (parts[0] == "ssh-dss" ? 5 : 2)
        guard fields.count >= minimum, fields.dropFirst().allSatisfy({ !$0.isEmpty }) else { return nil }
        if parts[0] == "ssh-ed25519" && fields[1].count != 32 { return nil }
        return colonHex(Digest.md5(bytes))
    }

    /// SSH wire format: uint32 length + bytes, repeated to the end exactly.
    static func lengthPrefixedFields(_ b: [UInt8]) -> [[UInt8]]? {
        var fields: [[UInt8]] = []
        var i = 0
        while i < b.count {
            guard i + 4 <= b.count else { return nil }
            let n = Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3])
            i += 4
            guard n <= b.count - i else { return nil }
            fields.append(Array(b[i..<(i + n)]))
            i += n
        }
        return fields.isEmpty ? nil : fields
    }

    /// The fingerprint of a PEM certificate, nil when it is not one.
    static func x509Fingerprint(_ text: String) -> String? {
        let begin = "-----BEGIN CERTIFICATE-----"
        let end = "-----END CERTIFICATE-----"
        guard let b = text.range(of: begin), let e = text.range(of: end, range: b.upperBound..<text.endIndex) else {
            return nil
        }
        let body = text[b.upperBound..<e.lowerBound].filter { !$0.isWhitespace }
        guard let der = Data(base64Encoded: String(body)), der.count > 4, der.first == 0x30 else { return nil }
        return colonHex(Digest.sha1([UInt8](der)))
    }
}
