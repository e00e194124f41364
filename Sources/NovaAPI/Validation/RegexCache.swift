import Foundation

/// Compiled patterns, shared: schemas reuse a few dozen patterns on every request.
/// ICU regular expressions (NSRegularExpression) because Nova's patterns use look-behind,
/// which Swift's `Regex` lacks; `search` semantics as Python's `re.search` (jsonschema's `pattern`).
enum RegexCache {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var compiled: [String: NSRegularExpression] = [:]
    // nonisolated(unsafe): only touched under `lock`; NSRegularExpression is immutable once built
    // and documented thread-safe for matching.

    static func search(_ pattern: String, in text: String) -> Bool {
        guard let re = regex(pattern) else { return false }
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        return re.firstMatch(in: text, options: [], range: range) != nil
    }

    static func regex(_ pattern: String) -> NSRegularExpression? {
        lock.lock()
        defer { lock.unlock() }
        if let re = compiled[pattern] { return re }
        guard let re = try? NSRegularExpression(pattern: pattern, options: []) else { return nil }
        compiled[pattern] = re
        return re
    }
}
