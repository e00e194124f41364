import Common
import Foundation

/// One table whose columns are named after the fields of one object: reads rows into objects and
/// writes object fields into rows. Columns of the table that are not fields (and fields that are not
/// columns) are left to the store.
struct ObjectTable<O: NovaObject>: Sendable {
    struct Column: Sendable {
        let name: String
        let kind: ColumnKind
        /// Whether the field takes null; a NULL in a non-nullable field's column leaves it unset.
        let nullable: Bool
    }

    let name: String
    let columns: [Column]
    private let byName: [String: Column]
    /// `"a", "b", ...`: the select list for `SELECT ... FROM name`.
    let selectList: String

    init(_ name: String, _ columns: [(String, ColumnKind)]) {
        self.name = name
        let fields = O.fieldMap
        self.columns = columns.map { Column(name: $0.0, kind: $0.1, nullable: fields[$0.0]?.nullable ?? true) }
        var m: [String: Column] = [:]
        for c in self.columns { m[c.name] = c }
        byName = m
        selectList = self.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
    }

    func isColumn(_ field: String) -> Bool { byName[field] != nil }

    /// The object a row holds, with no pending changes.
    func decode(_ row: SQLRow) -> O {
        var values: [String: JSONValue] = [:]
        values.reserveCapacity(columns.count)
        let names = row.columns.names
        for (position, c) in columns.enumerated() {
            // Rows of `select` list the columns in declaration order: read them by position, by name
            // only when the row came from some other query.
            let raw = position < names.count && names[position] == c.name ? row[position] : row[c.name]
            let v = c.kind.jsonValue(raw)
            if v.isNull && !c.nullable { continue }
            values[c.name] = v
        }
        return O(storage: ObjectStorage(values: values))
    }

    /// The SQL value of `field` holding `value`; nil when the field is not a column.
    func encode(_ field: String, _ value: JSONValue) -> SQLValue? {
        byName[field].map { $0.kind.sqlValue(value) }
    }

    /// Column/value pairs for the fields of `values` that are columns, minus `excluded`.
    func assignments(_ values: [String: JSONValue], excluding excluded: Set<String> = []) -> [(String, SQLValue)] {
        values.keys.sorted().compactMap { k in
            guard !excluded.contains(k), let v = encode(k, values[k] ?? .null) else { return nil }
            return (k, v)
        }
    }

    /// `SELECT <columns> FROM <table> WHERE <condition>`.
    func select(where condition: String) -> String { "SELECT \(selectList) FROM \(name) WHERE \(condition)" }

    /// Inserts `pairs` and returns the stored row as an object.
    func insert(_ pairs: [(String, SQLValue)], _ s: DBSession) throws -> O {
        let cols = pairs.map { "\"\($0.0)\"" }.joined(separator: ", ")
        let marks = Array(repeating: "?", count: pairs.count).joined(separator: ", ")
        let sql = "INSERT INTO \(name) (\(cols)) VALUES (\(marks)) RETURNING \(selectList)"
        guard let row = try s.first(sql, pairs.map(\.1)) else {
            throw DatabaseError.badRow("INSERT INTO \(name) returned no row")
        }
        return decode(row)
    }

    /// Updates the rows matching `condition` with `pairs`; returns the updated objects.
    func update(_ pairs: [(String, SQLValue)], where condition: String, _ params: [SQLValue], _ s: DBSession) throws
        -> [O]
    {
        let set = pairs.map { "\"\($0.0)\" = ?" }.joined(separator: ", ")
        let sql = "UPDATE \(name) SET \(set) WHERE \(condition) RETURNING \(selectList)"
        return try s.query(sql, pairs.map(\.1) + params).map(decode)
    }
}
