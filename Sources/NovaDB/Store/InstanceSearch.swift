import Common
import Foundation

/// The compute API's server list: an `InstanceFilter` plus what only the API asks for (Nova's
/// `instance_get_all_by_filters_sort`): power states, regular-expression filters on columns, and tags.
public struct InstanceSearch: Sendable {
    public var filter: InstanceFilter
    /// Any of these power states.
    public var powerStates: [Int]?
    /// Column → pattern searched for in the column's text (NULL never matches), as Nova's regex filters
    /// on MySQL. Only instance columns are accepted.
    public var regexFilters: [String: String] = [:]
    /// All of `tags`, any of `tagsAny`, not all of `notTags`, none of `notTagsAny`.
    public var tags: [String] = []
    public var tagsAny: [String] = []
    public var notTags: [String] = []
    public var notTagsAny: [String] = []

    public init(filter: InstanceFilter = InstanceFilter()) {
        self.filter = filter
    }

    /// Every pattern of the search (the name filter and the regex filters), for validation.
    var patterns: [String] { (filter.name.map { [$0] } ?? []) + regexFilters.keys.sorted().map { regexFilters[$0]! } }

    func conditions(_ dialect: SQLDialect) throws -> (String, [SQLValue]) {
        var (cond, params) = filter.conditions(dialect)
        var c = [cond]
        if let powerStates {
            c.append(powerStates.isEmpty ? "1 = 0" : "power_state IN (\(NovaStore.marks(powerStates.count)))")
            params += powerStates.map { .int($0) }
        }
        for column in regexFilters.keys.sorted() {
            guard Tables.instances.isColumn(column) else {
                throw InvalidInput(reason: "cannot filter on \(column)")
            }
            let text = "CAST(\"\(column)\" AS TEXT)"
            c.append(dialect == .postgresql ? "\(text) ~ ?" : "\(text) REGEXP ?")
            params.append(.text(regexFilters[column]!))
        }
        func tagged(_ tags: [String], all: Bool) -> String {
            let distinct = Array(Set(tags)).sorted()
            params += distinct.map { .text($0) }
            let having = all ? " GROUP BY resource_id HAVING COUNT(*) = \(distinct.count)" : ""
            return "SELECT resource_id FROM tags WHERE tag IN (\(NovaStore.marks(distinct.count)))\(having)"
        }
        if !tags.isEmpty { c.append("uuid IN (\(tagged(tags, all: true)))") }
        if !tagsAny.isEmpty { c.append("uuid IN (\(tagged(tagsAny, all: false)))") }
        if !notTags.isEmpty { c.append("uuid NOT IN (\(tagged(notTags, all: true)))") }
        if !notTagsAny.isEmpty { c.append("uuid NOT IN (\(tagged(notTagsAny, all: false)))") }
        return (c.joined(separator: " AND "), params)
    }
}

extension NovaStore {
    /// Instances matching `search`, in `sort` order (any instance columns, then by id), after the instance `marker` (a uuid,
    /// deleted or not), at most `limit`. Throws `InvalidInput` for an unknown sort key or column or a bad
    /// pattern, `MarkerNotFound` for an unknown marker.
    public func instances(search: InstanceSearch, sort: [SortKey] = InstanceFilter.defaultSort, limit: Int? = nil,
                          marker: String? = nil, withFault: Bool = false) async throws -> [Instance]
    {
        try Self.checkLimit(limit)
        // Any instance column may order the list (the API has validated the key against Nova's list).
        for k in sort where !Tables.instances.isColumn(k.column) {
            throw InvalidInput(reason: "sort key \(k.column) is not supported")
        }
        for p in search.patterns where (try? NSRegularExpression(pattern: p)) == nil {
            throw InvalidInput(reason: "\(p) is not a valid regular expression")
        }
        let keys = KeysetPaging.total(sort.isEmpty ? InstanceFilter.defaultSort : sort)
        let (baseCond, baseParams) = try search.conditions(database.dialect)
        return try await read { s in
            var cond = baseCond
            var params = baseParams
            if let marker {
                guard let m = try s.first("SELECT * FROM instances WHERE uuid = ?", [.text(marker)]) else {
                    throw MarkerNotFound(marker: marker)
                }
                let (after, ap) = KeysetPaging.after(keys, marker: m)
                cond += " AND " + after
                params += ap
            }
            var sql = Tables.instances.select(where: cond) + " ORDER BY " + KeysetPaging.orderBy(keys)
            if let limit {
                sql += " LIMIT ?"
                params.append(.int(limit))
            }
            let rows: [SQLRow]
            do {
                rows = try s.query(sql, params)
            } catch DatabaseError.query(_, let message) where message.contains("regular expression") {
                throw InvalidInput(reason: message)
            }
            return try Self.attachExtras(rows.map(Tables.instances.decode), s, withFault: withFault)
        }
    }
}
