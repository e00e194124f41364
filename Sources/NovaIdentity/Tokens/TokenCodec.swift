import Common
import Foundation

/// Turns tokens into signed strings and back: `mn1.<base64url payload>.<base64url HMAC-SHA256>`, the MAC
/// over everything before the last dot. The first key signs; every key verifies (so keys can rotate).
public struct TokenCodec: Sendable {
    public static let prefix = "mn1"
    /// Longer strings are refused before any work (Keystone's fernet tokens stay far below this).
    public static let maxLength = 4096

    public let keys: [[UInt8]]

    public enum Rejection: Error, Sendable, Equatable {
        /// Not a token of ours, or altered: signature or payload does not check out.
        case invalid
        /// Signed by us but past its `expiresAt`.
        case expired(Token)
    }

    public init(keys: [[UInt8]]) {
        precondition(!keys.isEmpty, "a token codec needs at least one key")
        self.keys = keys
    }

    public func encode(_ token: Token) -> String {
        var payload: [String: JSONValue] = [
            "u": .string(token.userId), "r": .array(token.roles.map { .string($0) }),
            "m": .array(token.methods.map { .string($0) }), "a": .array(token.auditIds.map { .string($0) }),
            "i": .int(Self.micros(token.issuedAt)), "e": .int(Self.micros(token.expiresAt)),
        ]
        if let p = token.projectId { payload["p"] = .string(p) }
        let signed = Self.prefix + "." + Base64URL.encode(JSONValue.object(payload).serializedBytes())
        return signed + "." + Base64URL.encode(HMACSHA256.mac(key: keys[0], Array(signed.utf8)))
    }

    /// The token a string carries, if its signature holds under one of our keys and it has not expired.
    public func decode(_ text: String, now: Date = Date()) -> Result<Token, Rejection> {
        guard text.utf8.count <= Self.maxLength, let lastDot = text.lastIndex(of: ".") else {
            return .failure(.invalid)
        }
        let signed = text[..<lastDot]
        let parts = signed.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == Self.prefix,
            let mac = Base64URL.decode(text[text.index(after: lastDot)...]), mac.count == HMACSHA256.length
        else { return .failure(.invalid) }
        let message = Array(signed.utf8)
        // Check every key (no early exit) so the time taken does not say which key matched.
        var matched = false
        for key in keys where HMACSHA256.constantTimeEqual(HMACSHA256.mac(key: key, message), mac) { matched = true }
        guard matched, let payload = Base64URL.decode(parts[1]), let token = Self.token(payload) else {
            return .failure(.invalid)
        }
        return now < token.expiresAt ? .success(token) : .failure(.expired(token))
    }

    static func token(_ payload: [UInt8]) -> Token? {
        guard let json = try? JSONValue.parse(payload), let o = json.objectValue,
            let user = o["u"]?.stringValue, let roles = strings(o["r"]), let methods = strings(o["m"]),
            let audit = strings(o["a"]), let issued = o["i"]?.intValue, let expires = o["e"]?.intValue
        else { return nil }
        let project = o["p"]?.stringValue
        return Token(
            userId: user, projectId: project, roles: roles, methods: methods, issuedAt: date(issued),
            expiresAt: date(expires), auditIds: audit)
    }

    static func strings(_ v: JSONValue?) -> [String]? {
        guard let a = v?.arrayValue else { return nil }
        let s = a.compactMap(\.stringValue)
        return s.count == a.count ? s : nil
    }

    static func micros(_ d: Date) -> Int { Int((d.timeIntervalSince1970 * 1_000_000).rounded()) }
    static func date(_ micros: Int) -> Date { Date(timeIntervalSince1970: Double(micros) / 1_000_000) }
}
