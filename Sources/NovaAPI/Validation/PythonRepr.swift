import Common

/// Renders JSON values as Python prints them, because Nova's validation messages embed Python's
/// `str()` and `repr()` of the offending value (`'abc' is not of type 'integer'`).
enum PythonRepr {
    static func repr(_ v: JSONValue) -> String {
        switch v {
        case .null: "None"
        case .bool(let b): b ? "True" : "False"
        case .int(let i): String(i)
        case .double(let d): float(d)
        case .string(let s): quote(s)
        case .array(let a): "[" + a.map(repr).joined(separator: ", ") + "]"
        case .object(let o): "{" + o.keys.sorted().map { quote($0) + ": " + repr(o[$0]!) }.joined(separator: ", ") + "}"
        }
    }

    /// Python's `str()`: strings bare, everything else as `repr`.
    static func str(_ v: JSONValue) -> String {
        if case .string(let s) = v { return s }
        return repr(v)
    }

    static func float(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d > 0 ? "inf" : "-inf" }
        if d.rounded() == d && abs(d) < 1e16 { return String(Int(d)) + ".0" }
        return "\(d)"
    }

    static func quote(_ s: String) -> String {
        let useDouble = s.contains("'") && !s.contains("\"")
        let q: Character = useDouble ? "\"" : "'"
        var out = String(q)
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "'" where !useDouble: out += "\\'"
            default:
                if c.value < 0x20 || c.value == 0x7F {
                    let hex = String(c.value, radix: 16)
                    out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        out.append(q)
        return out
    }
}
