import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the config reader promises for any file whatsoever, checked by the libFuzzer target
/// (`Fuzz/Config`, via `scripts/fuzz.sh`) and by the tests over its corpus:
/// - a syntax error names a line of the file;
/// - sections, option names and values come out trimmed, on one line each (a value's continuation
///   lines joined by `\n`), and names hold no control character;
/// - the entries written back out as INI read back as the same entries, whatever the line endings;
/// - a value an option kind accepts holds no control character (strings aside), stays within the
///   kind's bounds, and its text form parses back to the same value.
enum ConfigInvariants {
    /// Kinds every value is tried against, whatever option it is set for.
    static let kinds: [OptKind] = [
        .string, .secret, .int(min: nil, max: nil), .int(min: 1, max: 100), .float(min: nil, max: nil),
        .float(min: 0, max: 1), .bool, .list, .choices(["noauth2", "identity"]), .url, .port, .ipAddress,
    ]

    /// The first broken promise for `input` (the bytes of a config file), described, or nil when all hold.
    static func violation(in input: [UInt8]) -> String? {
        // A file that is not UTF-8 is refused before parsing (`unreadableFile`).
        guard let text = String(validating: input, as: UTF8.self) else { return nil }
        let lineCount = INIFile.lines(of: text).count
        let ini: INIFile
        do { ini = try INIFile(path: "fuzz.conf", text: text) } catch {
            return (1...lineCount).contains(error.line) ? nil : "syntax error at line \(error.line) of \(lineCount)"
        }
        if let problem = checkEntries(ini.entries, lineCount: lineCount) { return problem }
        let written = render(ini.entries)
        guard let again = try? INIFile(path: "again.conf", text: written) else {
            return "the entries written back out do not parse: \(written.debugDescription)"
        }
        if again.entries.map(\.triple) != ini.entries.map(\.triple) {
            return "the entries written back out read differently: \(written.debugDescription)"
        }
        // Line endings do not matter: the same file saved with CRLF (or old Mac CR) reads the same.
        for ending in ["\r\n", "\r"] {
            let other = written.replacingOccurrences(of: "\n", with: ending)
            guard let read = try? INIFile(path: "crlf.conf", text: other), read.entries == again.entries else {
                return "the entries written with \(ending.debugDescription) line endings read differently"
            }
        }
        let known = Dictionary(NovaOptions.all.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        for e in ini.entries {
            let group = e.section.lowercased() == "default" ? "DEFAULT" : e.section
            var tried = kinds
            if let def = known[OptDefinition.Key(group, e.key)] { tried.append(def.kind) }
            for kind in tried {
                if let problem = checkValue(e.value, kind: kind) { return "[\(e.section)] \(e.key): \(problem)" }
            }
        }
        return nil
    }

    static func checkEntries(_ entries: [INIFile.Entry], lineCount: Int) -> String? {
        var lastLine = 0
        for e in entries {
            if !(1...lineCount).contains(e.line) || e.line < lastLine { return "entry line \(e.line) out of order" }
            lastLine = e.line
            if e.section.isEmpty { return "an empty section name" }
            if e.key.isEmpty { return "an empty option name" }
            for (what, text) in [("section", e.section), ("option name", e.key)] {
                if !isTrimmed(text) { return "\(what) \(text.debugDescription) is not trimmed" }
                if text.unicodeScalars.contains(where: isControl) {
                    return "\(what) \(text.debugDescription) holds a control character"
                }
            }
            if e.key.unicodeScalars.contains(where: { $0 == "=" || $0 == ":" }) {
                return "option name \(e.key.debugDescription) holds its separator"
            }
            for line in e.value.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.unicodeScalars.contains("\r") { return "value \(e.value.debugDescription) holds a CR" }
                if !isTrimmed(Substring(line)) { return "value line \(line.debugDescription) is not trimmed" }
            }
        }
        return nil
    }

    /// Checks what `kind` makes of `raw`: refusals are fine, acceptances must be clean and stable.
    static func checkValue(_ raw: String, kind: OptKind) -> String? {
        guard case .success(let value) = kind.parse(raw) else { return nil }
        let text = value.description
        switch kind {
        case .string, .secret, .list, .choices:
            break
        default:
            if text.unicodeScalars.contains(where: { isControl($0) || $0 == "\n" || $0 == "\t" }) {
                return "\(kind.typeName) \(text.debugDescription) accepted with a control character"
            }
        }
        switch (kind, value) {
        case (.int(let lo, let hi), .int(let v)):
            if let lo, v < lo { return "\(v) accepted below the minimum \(lo)" }
            if let hi, v > hi { return "\(v) accepted above the maximum \(hi)" }
        case (.float(let lo, let hi), .float(let v)):
            if !v.isFinite { return "\(v) accepted as a number" }
            if let lo, v < lo { return "\(v) accepted below the minimum \(lo)" }
            if let hi, v > hi { return "\(v) accepted above the maximum \(hi)" }
        case (.port, .int(let v)):
            if !(0...65535).contains(v) { return "port \(v) accepted" }
        case (.list, .list(let items)):
            for item in items where item.isEmpty || item.unicodeScalars.contains(",") || !isTrimmed(Substring(item)) {
                return "list item \(item.debugDescription) accepted"
            }
        case (.choices(let choices), .string(let s)):
            if !choices.contains(s) { return "\(s.debugDescription) accepted as one of \(choices)" }
        case (.url, .string(let s)):
            guard let r = s.range(of: "://"), !s[..<r.lowerBound].isEmpty else {
                return "\(s.debugDescription) accepted as a URL"
            }
        case (.ipAddress, .string(let s)):
            var a4 = in_addr()
            var a6 = in6_addr()
            if s.utf8.contains(0) || (inet_pton(AF_INET, s, &a4) != 1 && inet_pton(AF_INET6, s, &a6) != 1) {
                return "\(s.debugDescription) accepted as an IP address"
            }
        case (.string, .string), (.secret, .string), (.bool, .bool):
            break
        default:
            return "\(kind.typeName) parsed to \(value)"
        }
        switch kind {
        case .string, .secret:
            // Kept exactly as written: nothing to parse back.
            return nil
        default:
            guard case .success(let again) = kind.parse(text), again == value else {
                return "\(kind.typeName) \(raw.debugDescription) -> \(text.debugDescription) parses differently"
            }
            return nil
        }
    }

    /// The entries as an INI file: a header whenever the section changes, continuation lines indented.
    static func render(_ entries: [INIFile.Entry]) -> String {
        var out = ""
        var section: String?
        for e in entries {
            if e.section != section {
                out += "[\(e.section)]\n"
                section = e.section
            }
            let lines = e.value.split(separator: "\n", omittingEmptySubsequences: false)
            out += "\(e.key) = \(lines[0])\n"
            for line in lines.dropFirst() { out += "    \(line)\n" }
        }
        return out
    }

    static func isTrimmed(_ s: Substring) -> Bool {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return true }
        return !ConfigText.isSpace(first) && !ConfigText.isSpace(last)
    }

    static func isTrimmed(_ s: String) -> Bool { isTrimmed(Substring(s)) }

    static func isControl(_ s: Unicode.Scalar) -> Bool { s.value < 0x20 || s.value == 0x7F }
}

extension INIFile.Entry {
    /// The entry without its line number, for comparing two readings of the same entries.
    var triple: [String] { [section, key, value] }
}
