/// URL percent-decoding for paths (`%2F` stays a byte of the segment) and query strings (`+` is a space).
enum PercentDecoding {
    static func decode(_ text: Substring, plusAsSpace: Bool) -> String {
        if !text.contains("%") && !(plusAsSpace && text.contains("+")) { return String(text) }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var bytes = text.utf8.makeIterator()
        while let b = bytes.next() {
            if b == UInt8(ascii: "+") && plusAsSpace {
                out.append(UInt8(ascii: " "))
            } else if b == UInt8(ascii: "%") {
                // Malformed escapes are kept as written, as Python's unquote does.
                guard let h = bytes.next() else {
                    out.append(b)
                    break
                }
                guard let l = bytes.next() else {
                    out.append(contentsOf: [b, h])
                    break
                }
                if let hv = hex(h), let lv = hex(l) {
                    out.append(hv << 4 | lv)
                } else {
                    out.append(contentsOf: [b, h, l])
                }
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Encodes a query component as Python's `urlencode` does (space → `+`).
    static func encodeQueryComponent(_ text: String) -> String {
        var out = ""
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            case UInt8(ascii: " "): out += "+"
            default:
                let digits = Array("0123456789ABCDEF".unicodeScalars)
                out += "%"
                out.unicodeScalars.append(digits[Int(b >> 4)])
                out.unicodeScalars.append(digits[Int(b & 0xF)])
            }
        }
        return out
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
