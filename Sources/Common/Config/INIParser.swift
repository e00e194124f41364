/// oslo.config's INI dialect: `[section]`, `key = value` (or `key: value`), `#`/`;` comments,
/// indented continuation lines, repeated keys (the last wins; multi-valued options keep all).
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
        for rawLine in INIFile.lines(of: text) {
            lineNo += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if let first = line.first, first == " " || first == "\t" {
                // Continuation of the previous value.
                guard let last = entries.popLast() else {
                    throw ParseError(path: path, line: lineNo, reason: "unexpected continuation line")
                }
                entries.append(Entry(section: last.section, key: last.key, value: last.value + "\n" + trimmed,
                                     line: last.line))
                continue
            }
            if trimmed.hasPrefix("[") {
                guard trimmed.hasSuffix("]"), trimmed.count > 2 else {
                    throw ParseError(path: path, line: lineNo, reason: "invalid section header '\(trimmed)'")
                }
                section = String(trimmed.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let sec = section else {
                throw ParseError(path: path, line: lineNo, reason: "option outside any [section]")
            }
            guard let sep = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw ParseError(path: path, line: lineNo, reason: "expected 'name = value', got '\(trimmed)'")
            }
            let key = trimmed[..<sep].trimmingCharacters(in: .whitespaces)
            let value = trimmed[trimmed.index(after: sep)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { throw ParseError(path: path, line: lineNo, reason: "empty option name") }
            entries.append(Entry(section: sec, key: key, value: value, line: lineNo))
        }
    }

    /// The file's lines, as the parser numbers them.
    static func lines(of text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false)
    }
}

import Foundation
