/// Our statements use `?` placeholders (SQLite's form); PostgreSQL numbers them `$1, $2, ...`.
enum PostgresPlaceholders {
    /// Rewrites each `?` outside quoted text and identifiers to `$n`; returns the text and the count.
    static func convert(_ sql: String) -> (String, Int) {
        var out: [UInt8] = []
        out.reserveCapacity(sql.utf8.count + 16)
        var n = 0
        var quote: UInt8?
        for c in sql.utf8 {
            if let q = quote {
                out.append(c)
                if c == q { quote = nil }
                continue
            }
            switch c {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                quote = c
                out.append(c)
            case UInt8(ascii: "?"):
                n += 1
                out.append(UInt8(ascii: "$"))
                out.append(contentsOf: String(n).utf8)
            default:
                out.append(c)
            }
        }
        return (String(decoding: out, as: UTF8.self), n)
    }
}
