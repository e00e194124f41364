/// Byte classes of RFC 9110/9112, as lookup tables the parser checks every byte against.
enum HTTPGrammar {
    static let cr: UInt8 = 13
    static let lf: UInt8 = 10
    static let space: UInt8 = 32
    static let tab: UInt8 = 9
    static let colon: UInt8 = 58
    static let semicolon: UInt8 = 59

    /// `tchar`: what a method, a header name or a transfer coding is made of.
    static let token: [Bool] = (0..<256).map { b in
        switch UInt8(b) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"):
            true
        default: "!#$%&'*+-.^_`|~".utf8.contains(UInt8(b))
        }
    }

    /// Field-value bytes: visible ASCII, space, tab and obs-text; never CR, LF, NUL or other controls.
    static let fieldValue: [Bool] = (0..<256).map { b in
        b == 9 || (b >= 32 && b != 127)
    }

    /// Request-target bytes: visible ASCII only.
    static let target: [Bool] = (0..<256).map { b in b > 32 && b < 127 }

    static func isToken(_ b: UInt8) -> Bool { token[Int(b)] }

    static func hexValue(_ b: UInt8) -> Int? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(b - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// ASCII text as a String (callers have checked the bytes).
    static func ascii(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// A field value as text: UTF-8 when it is valid UTF-8, else ISO-8859-1 as WSGI reads headers, so
    /// every byte sequence maps to one string and back.
    static func fieldText(_ bytes: ArraySlice<UInt8>) -> String {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    /// Whether `name` equals `lower` (already lowercase ASCII) ignoring ASCII case, without allocating.
    static func nameIs(_ name: String, _ lower: String) -> Bool {
        var a = name.utf8.makeIterator()
        var b = lower.utf8.makeIterator()
        while true {
            switch (a.next(), b.next()) {
            case (nil, nil): return true
            case (let x?, let y?):
                let folded = x >= 65 && x <= 90 ? x | 0x20 : x
                if folded != y { return false }
            default: return false
            }
        }
    }

    /// Splits a comma-separated field value into trimmed, non-empty, lowercased elements.
    static func listElements(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }
            .map { $0.trimmingWhitespace().lowercased() }
            .filter { !$0.isEmpty }
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
