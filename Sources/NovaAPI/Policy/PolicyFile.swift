import Common
import Foundation

/// Reads a policy override file: a JSON object, or YAML restricted to `"rule name": "check"` lines
/// (the shape of Nova's generated policy.yaml), comments and blank lines.
public enum PolicyFile {
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public var description: String { line > 0 ? "line \(line): \(reason)" : reason }
    }

    public static func parse(_ text: String) throws(ParseError) -> [(String, String)] {
        let trimmed = text.drop(while: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        if trimmed.first == "{" { return try parseJSON(text) }
        return try parseYAML(text)
    }

    static func parseJSON(_ text: String) throws(ParseError) -> [(String, String)] {
        let value: JSONValue
        do { value = try JSONValue.parse(text) } catch { throw ParseError(line: 0, reason: "invalid JSON: \(error)") }
        guard let object = value.objectValue else { throw ParseError(line: 0, reason: "not a JSON object") }
        var out: [(String, String)] = []
        for key in object.keys.sorted() {
            guard let check = object[key]?.stringValue else {
                throw ParseError(line: 0, reason: "rule \"\(key)\" is not a string")
            }
            out.append((key, check))
        }
        return out
    }

    static func parseYAML(_ text: String) throws(ParseError) -> [(String, String)] {
        var out: [(String, String)] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line == "---" || line == "{}" { continue }
            var rest = Substring(line)
            guard let key = scalar(&rest, isKey: true) else {
                throw ParseError(line: index + 1, reason: "expected \"name\": \"check\"")
            }
            rest = rest.drop(while: { $0 == " " || $0 == "\t" })
            guard rest.first == ":" else {
                throw ParseError(line: index + 1, reason: "expected ':' after the rule name")
            }
            rest = rest.dropFirst().drop(while: { $0 == " " || $0 == "\t" })
            let value = rest.isEmpty ? "" : scalar(&rest, isKey: false)
            guard let value else { throw ParseError(line: index + 1, reason: "unterminated quoted check") }
            let tail = rest.trimmingCharacters(in: .whitespaces)
            guard tail.isEmpty || tail.hasPrefix("#") else {
                throw ParseError(line: index + 1, reason: "unexpected text after the check: \(tail)")
            }
            out.append((key, value))
        }
        return out
    }

    /// A quoted ('…' with '' escapes, "…" with \ escapes) or plain scalar; consumes it from `text`.
    /// A plain key ends at ": " (rule names contain ':'); a plain value ends at " #".
    static func scalar(_ text: inout Substring, isKey: Bool) -> String? {
        guard let first = text.first else { return nil }
        if first == "'" || first == "\"" {
            var out = ""
            var i = text.index(after: text.startIndex)
            while i < text.endIndex {
                let c = text[i]
                if c == first {
                    let next = text.index(after: i)
                    if first == "'", next < text.endIndex, text[next] == "'" {
                        out.append("'")
                        i = text.index(after: next)
                        continue
                    }
                    text = text[next...]
                    return out
                }
                if first == "\"", c == "\\", text.index(after: i) < text.endIndex {
                    i = text.index(after: i)
                    out.append(text[i] == "n" ? "\n" : text[i])
                } else {
                    out.append(c)
                }
                i = text.index(after: i)
            }
            return nil
        }
        if isKey {
            guard
                let sep = text.range(of: ": ")
                    ?? (text.hasSuffix(":") ? text.index(before: text.endIndex)..<text.endIndex : nil)
            else { return nil }
            let key = String(text[..<sep.lowerBound]).trimmingCharacters(in: .whitespaces)
            text = text[sep.lowerBound...]
            return key
        }
        let end = text.range(of: " #")?.lowerBound ?? text.endIndex
        let value = String(text[..<end]).trimmingCharacters(in: .whitespaces)
        text = text[end...]
        return value
    }

    /// Finds the file as oslo.config's `find_file`: absolute as given, else beside the config files,
    /// in the config dir, then in /etc/nova.
    public static func locate(_ name: String, configFiles: [String], configDir: String?) -> String? {
        let fm = FileManager.default
        if name.hasPrefix("/") { return fm.fileExists(atPath: name) ? name : nil }
        var dirs = configFiles.map { ($0 as NSString).deletingLastPathComponent }
        if let configDir { dirs.append(configDir) }
        dirs.append("/etc/nova")
        for dir in dirs {
            let candidate = (dir.isEmpty ? "." : dir) + "/" + name
            if fm.fileExists(atPath: candidate) { return candidate }
        }
        return nil
    }
}
