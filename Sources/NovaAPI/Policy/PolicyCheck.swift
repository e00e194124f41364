/// A parsed oslo.policy check string: `role:admin or (role:member and project_id:%(project_id)s)`,
/// `rule:<name>`, `@` (always), `!` (never), `not <check>`. Precedence: not > and > or.
public indirect enum PolicyCheck: Sendable, Equatable, CustomStringConvertible {
    case always
    case never
    case rule(String)
    case role(String)
    /// `<credential attribute or 'literal'>:<value or %(target key)s>`.
    case generic(kind: String, match: String)
    case not(PolicyCheck)
    case and([PolicyCheck])
    case or([PolicyCheck])

    public var description: String {
        switch self {
        case .always: "@"
        case .never: "!"
        case .rule(let r): "rule:\(r)"
        case .role(let r): "role:\(r)"
        case .generic(let k, let m): "\(k):\(m)"
        case .not(let c): "not \(c)"
        case .and(let cs): "(" + cs.map(\.description).joined(separator: " and ") + ")"
        case .or(let cs): "(" + cs.map(\.description).joined(separator: " or ") + ")"
        }
    }

    /// Rule names this check refers to with `rule:`.
    public var referencedRules: [String] {
        switch self {
        case .rule(let r): [r]
        case .not(let c): c.referencedRules
        case .and(let cs), .or(let cs): cs.flatMap(\.referencedRules)
        default: []
        }
    }

    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let expression: String
        public let reason: String
        public var description: String { "invalid policy check \"\(expression)\": \(reason)" }
    }

    /// Parses a check string; the empty string means "always" (as oslo.policy).
    public static func parse(_ text: String) throws(ParseError) -> PolicyCheck {
        var parser = Parser(tokens: tokenize(text), text: text)
        if parser.tokens.isEmpty { return .always }
        let check = try parser.parseOr()
        if parser.position != parser.tokens.count {
            throw ParseError(expression: text, reason: "unexpected \(parser.tokens[parser.position])")
        }
        return check
    }

    /// Splits on whitespace (quotes kept whole), then peels leading `(` and trailing `)` off each word,
    /// as oslo.policy does, so `%(project_id)s` stays one token.
    static func tokenize(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character? = nil
        for c in text {
            if let q = quote {
                current.append(c)
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
                current.append(c)
            } else if c == " " || c == "\t" || c == "\n" || c == "\r" {
                if !current.isEmpty {
                    words.append(current)
                    current = ""
                }
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { words.append(current) }
        var tokens: [String] = []
        for word in words {
            var w = Substring(word)
            while w.first == "(" {
                tokens.append("(")
                w = w.dropFirst()
            }
            var closing = 0
            while w.last == ")" {
                closing += 1
                w = w.dropLast()
            }
            if !w.isEmpty { tokens.append(String(w)) }
            tokens += Array(repeating: ")", count: closing)
        }
        return tokens
    }

    private struct Parser {
        let tokens: [String]
        let text: String
        var position = 0

        init(tokens: [String], text: String) {
            self.tokens = tokens
            self.text = text
        }

        var peek: String? { position < tokens.count ? tokens[position] : nil }

        mutating func parseOr() throws(ParseError) -> PolicyCheck {
            var items = [try parseAnd()]
            while peek?.lowercased() == "or" {
                position += 1
                items.append(try parseAnd())
            }
            return items.count == 1 ? items[0] : .or(items)
        }

        mutating func parseAnd() throws(ParseError) -> PolicyCheck {
            var items = [try parseNot()]
            while peek?.lowercased() == "and" {
                position += 1
                items.append(try parseNot())
            }
            return items.count == 1 ? items[0] : .and(items)
        }

        mutating func parseNot() throws(ParseError) -> PolicyCheck {
            if peek?.lowercased() == "not" {
                position += 1
                return .not(try parseNot())
            }
            return try parseAtom()
        }

        mutating func parseAtom() throws(ParseError) -> PolicyCheck {
            guard let token = peek else { throw ParseError(expression: text, reason: "unexpected end") }
            position += 1
            if token == "(" {
                let inner = try parseOr()
                guard peek == ")" else { throw ParseError(expression: text, reason: "missing )") }
                position += 1
                return inner
            }
            if token == "@" { return .always }
            if token == "!" { return .never }
            guard let colon = token.firstIndex(of: ":"), !["and", "or", "not", ")"].contains(token.lowercased()) else {
                throw ParseError(expression: text, reason: "unexpected \(token)")
            }
            let kind = String(token[..<colon])
            let match = String(token[token.index(after: colon)...])
            switch kind {
            case "rule": return .rule(match)
            case "role": return .role(match)
            default: return .generic(kind: kind, match: match)
            }
        }
    }
}
