import Common
import Foundation

/// Query and body values read as Nova reads them.
enum RequestParsing {
    /// oslo's `strutils.bool_from_string(strict=True)`; nil for anything else.
    static func bool(_ text: String) -> Bool? {
        switch text.trimmingSpaces.lowercased() {
        case "1", "t", "true", "on", "y", "yes": true
        case "0", "f", "false", "off", "n", "no": false
        default: nil
        }
    }

    /// A JSON boolean or one of Nova's boolean strings.
    static func bool(_ value: JSONValue?) -> Bool? {
        switch value {
        case .bool(let b)?: b
        case .string(let s)?: bool(s)
        default: nil
        }
    }

    /// An integer given as a JSON number or a string of digits; nil when it is neither or does not fit.
    static func int(_ value: JSONValue?) -> Int? {
        switch value {
        case .int(let i)?: i
        // A whole double too large for Int (1e23) used to trap here and take the API worker down with it.
        case .double(let d)? where d.rounded() == d && abs(d) < 9.2e18: Int(d)
        case .string(let s)?: Int(s.trimmingSpaces)
        default: nil
        }
    }

    /// A count (`min_count`, `max_count`): like `int`, but a whole number past Int's range reads as
    /// `Int.max` rather than as absent, so it meets the quota check as the huge request it is (Python's
    /// int has no range: Nova answers such a request with TooManyInstances).
    static func count(_ value: JSONValue?) -> Int? {
        if let i = int(value) { return i }
        switch value {
        case .double(let d)? where d.rounded() == d: return d > 0 ? Int.max : Int.min
        case .string(let s)?:
            let digits = s.trimmingSpaces
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int.max
        default: return nil
        }
    }

    /// An ISO 8601 date-time query parameter (`changes-since`); 400 in jsonschema's words otherwise.
    static func dateTime(_ req: APIRequest, _ name: String) throws(APIError) -> Date? {
        guard let text = req.query[name] else { return nil }
        guard let date = NovaTime.parse(text) else {
            throw .badRequest(
                "Invalid input for query parameters \(name). Value: \(text). '\(text)' is not a 'date-time'")
        }
        return date
    }

    /// `uuidutils.is_uuid_like`: 32 hex digits once dashes, braces and `urn:uuid:` are dropped.
    static func isUUIDLike(_ text: String) -> Bool {
        var s = text.lowercased()
        for prefix in ["urn:", "uuid:"] where s.hasPrefix(prefix) { s.removeFirst(prefix.count) }
        s = s.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")
            .replacingOccurrences(of: "-", with: "")
        return s.count == 32 && s.allSatisfy { $0.isHexDigit }
    }

    /// The id at the end of a reference that may be a URL (`flavorRef`, `imageRef`).
    static func lastSegment(_ ref: String) -> String {
        guard ref.contains("/") else { return ref }
        return ref.split(separator: "/").last.map(String.init) ?? ref
    }

    /// The single key of a one-key object body (`{"meta": {"k": "v"}}`).
    static func object(_ body: JSONValue?, _ key: String) -> [String: JSONValue] {
        body?[key]?.objectValue ?? [:]
    }

    /// Nova's `get_sort_params`: parallel `sort_key`/`sort_dir` lists, `default` when none given.
    static func sortParams(_ req: APIRequest, defaultKey: String, defaultDir: String) -> [(String, String)] {
        var keys = req.query.all("sort_key")
        var dirs = req.query.all("sort_dir")
        if keys.isEmpty && dirs.isEmpty {
            keys = [defaultKey]
            dirs = [defaultDir]
        }
        return keys.enumerated().map { i, k in (k, i < dirs.count ? dirs[i] : (dirs.last ?? defaultDir)) }
    }
}

/// Random values Nova generates: admin passwords and reservation ids.
enum Generated {
    static let passwordGroups = ["23456789", "ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz"].map(Array.init)

    /// Nova's `generate_password`: 12 characters with at least one of each symbol group.
    static func password(length: Int = 12) -> String {
        var chars = passwordGroups.map { $0.randomElement()! }
        let all = passwordGroups.flatMap { $0 }
        while chars.count < length { chars.append(all.randomElement()!) }
        return String(chars.shuffled())
    }

    /// Nova's `generate_uid('r')`: `r-` and eight base-36 characters.
    static func reservationID() -> String {
        let chars = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        return "r-" + String((0..<8).map { _ in chars.randomElement()! })
    }

    static func uuid() -> String { UUID().uuidString.lowercased() }
}
