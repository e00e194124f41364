/// One key of a list's order: a column and a direction. Lists validate the column against the keys
/// they allow before it reaches SQL.
public struct SortKey: Sendable, Hashable {
    public var column: String
    public var ascending: Bool

    public init(_ column: String, ascending: Bool = true) {
        self.column = column
        self.ascending = ascending
    }

    public static func asc(_ c: String) -> SortKey { SortKey(c, ascending: true) }
    public static func desc(_ c: String) -> SortKey { SortKey(c, ascending: false) }
}

/// Keyset paging: the ORDER BY for sort keys and the condition for "rows after the marker row".
/// NULLs sort first ascending and last descending on both engines (PostgreSQL's default is the reverse).
enum KeysetPaging {
    /// `keys` with `id` appended (in the last key's direction) so the order is total.
    static func total(_ keys: [SortKey]) -> [SortKey] {
        if keys.contains(where: { $0.column == "id" }) { return keys }
        return keys + [SortKey("id", ascending: keys.last?.ascending ?? true)]
    }

    static func orderBy(_ keys: [SortKey], table: String? = nil) -> String {
        let p = table.map { "\($0)." } ?? ""
        return keys.map { "\(p)\"\($0.column)\" \($0.ascending ? "ASC NULLS FIRST" : "DESC NULLS LAST")" }
            .joined(separator: ", ")
    }

    /// `(k1 after v1) OR (k1 = v1 AND k2 after v2) OR ...` for the marker row's values.
    static func after(_ keys: [SortKey], marker: SQLRow, table: String? = nil) -> (String, [SQLValue]) {
        let p = table.map { "\($0)." } ?? ""
        var terms: [String] = []
        var params: [SQLValue] = []
        var equalPrefix: [String] = []
        var equalParams: [SQLValue] = []
        for k in keys {
            let col = "\(p)\"\(k.column)\""
            let v = marker[k.column]
            var afterSQL: String?
            var afterParams: [SQLValue] = []
            switch (k.ascending, v.isNull) {
            case (true, true): afterSQL = "\(col) IS NOT NULL"
            case (true, false):
                afterSQL = "\(col) > ?"
                afterParams = [v]
            case (false, true): afterSQL = nil
            case (false, false):
                afterSQL = "(\(col) < ? OR \(col) IS NULL)"
                afterParams = [v]
            }
            if let afterSQL {
                terms.append("(" + (equalPrefix + [afterSQL]).joined(separator: " AND ") + ")")
                params += equalParams + afterParams
            }
            if v.isNull {
                equalPrefix.append("\(col) IS NULL")
            } else {
                equalPrefix.append("\(col) = ?")
                equalParams.append(v)
            }
        }
        return (terms.isEmpty ? "1 = 0" : "(" + terms.joined(separator: " OR ") + ")", params)
    }
}
