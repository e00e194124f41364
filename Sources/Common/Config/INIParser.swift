/// oslo.config's INI dialect: `[section]`, `key = value` (or `key: value`), `#`/`;` comments,
/// indented continuation lines, repeated keys (the last wins; multi-valued options keep all).
///
/// Lines end in LF, CRLF or a lone CR (Python's universal newlines, as oslo.config reads files). The text
/// is read scalar by scalar, never by `Character`: Swift makes CRLF one character, and a combining mark
/// would otherwise glue itself to a bracket, a separator or the whitespace being trimmed.
public struct INIFile: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public let section: String
        public let key: String
        public let value: String
        public let line: Int
    }

    public let path: String
    public private(set) var entries: [Entry] = []

    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let path: String
        public let line: Int
        public let reason: String
        public var description: String { "\(path):\(line): \(reason)" }
    }

    public init(path: String, text: String) throws(ParseError) {
        self.path = path
        var section: String?
        var lineNo = 0
        for line in INIFile.lines(of: text) {
            lineNo += 1
            func fail(_ reason: String) -> ParseError { ParseError(path: path, line: lineNo, reason: reason) }
            let trimmed = ConfigText.trim(line)
            let first = trimmed.unicodeScalars.first
            if first == nil || first == "#" || first == ";" { continue }
            if let lead = line.unicodeScalars.first, lead == " " || lead == "\t" {
                // Continuation of the previous value.
                guard let last = entries.popLast() else { throw fail("unexpected continuation line") }
                entries.append(Entry(section: last.section, key: last.key, value: last.value + "\n" + trimmed,
                                     line: last.line))
                continue
            }
            if first == "[" {
                guard trimmed.unicodeScalars.last == "]", trimmed.unicodeScalars.count > 2 else {
                    throw fail("invalid section header '\(trimmed)'")
                }
                let name = ConfigText.trim(Substring(trimmed.unicodeScalars.dropFirst().dropLast()))
                guard !name.isEmpty else { throw fail("empty section name in '\(trimmed)'") }
                guard !ConfigText.hasControl(name) else { throw fail("control character in section name") }
                section = name
                continue
            }
            guard let sec = section else { throw fail("option outside any [section]") }
            let scalars = trimmed.unicodeScalars
            guard let sep = scalars.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw fail("expected 'name = value', got '\(trimmed)'")
            }
            let key = ConfigText.trim(Substring(scalars[..<sep]))
            let value = ConfigText.trim(Substring(scalars[scalars.index(after: sep)...]))
            guard !key.isEmpty else { throw fail("empty option name") }
            guard !ConfigText.hasControl(key) else { throw fail("control character in option name") }
            entries.append(Entry(section: sec, key: key, value: value, line: lineNo))
        }
    }

    /// The file's lines, as the parser numbers them: split at LF, CRLF and lone CR.
    static func lines(of text: String) -> [Substring] {
        var lines: [Substring] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var i = start
        while i < scalars.endIndex {
            let s = scalars[i]
            guard s == "\n" || s == "\r" else {
                i = scalars.index(after: i)
                continue
            }
            lines.append(Substring(scalars[start..<i]))
            i = scalars.index(after: i)
            if s == "\r", i < scalars.endIndex, scalars[i] == "\n" { i = scalars.index(after: i) }
            start = i
        }
        lines.append(Substring(scalars[start...]))
        return lines
    }
}

/// Trimming and checks shared by the INI reader and the option parsers.
enum ConfigText {
    /// What Python's `str.strip()` removes (oslo.config strips names and values with it): Unicode
    /// White_Space plus the information separators U+001C-U+001F.
    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s.properties.isWhitespace || (0x1C...0x1F).contains(s.value)
    }

    static func trim(_ text: Substring) -> String {
        let u = text.unicodeScalars
        guard let first = u.firstIndex(where: { !isSpace($0) }), let last = u.lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(String.UnicodeScalarView(u[first...last]))
    }

    static func trim(_ text: String) -> String { trim(Substring(text)) }

    /// C0 controls (tab included) and DEL.
    static func hasControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    }
}
