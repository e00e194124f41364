import CPostgres
import Foundation

/// A libpq connection. Statements are prepared once per connection (named `s1`, `s2`, ...) and executed
/// with text-format parameters; results are read in text form and typed by their column's type.
final class PostgresConnection: DatabaseConnection {
    let dialect = SQLDialect.postgresql
    private let parameters: DatabaseURL.PostgresParameters
    private var conn: OpaquePointer?
    /// `types|sql` → statement name. The parameter types are part of the key: a statement prepared for an
    /// integer parameter would refuse a float later.
    private var prepared: [String: String] = [:]
    /// Bumped each time the cache is dropped, so names are never reused on the server.
    private var generation = 0

    init(parameters: DatabaseURL.PostgresParameters) throws(DatabaseError) {
        self.parameters = parameters
        conn = try Self.connect(parameters)
    }

    deinit { PQfinish(conn) }

    private static func connect(_ parameters: DatabaseURL.PostgresParameters) throws(DatabaseError) -> OpaquePointer {
        var kw = parameters.keywords
        if parameters.value("connect_timeout") == nil { kw.append(("connect_timeout", "10")) }
        kw.append(("client_encoding", "UTF8"))
        // Timestamps are stored and read as UTC in ISO form, whatever the server's defaults.
        kw.append(("options", "-c TimeZone=UTC -c DateStyle=ISO"))
        let keys = kw.map { strdup($0.0) }
        let values = kw.map { strdup($0.1) }
        defer {
            for p in keys + values { free(p) }
        }
        let keyPtrs = keys.map { UnsafePointer($0) } + [nil]
        let valuePtrs = values.map { UnsafePointer($0) } + [nil]
        let c = PQconnectdbParams(keyPtrs, valuePtrs, 0)
        guard let c, PQstatus(c) == CONNECTION_OK else {
            let reason = c.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            PQfinish(c)
            throw .connectionFailed(
                url: DatabaseURL.postgresql(parameters).description,
                reason: reason.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return c
    }

    func runScript(_ sql: String) throws(DatabaseError) {
        try ensureConnected()
        guard let res = PQexec(conn, sql) else { throw lost(sql) }
        defer { PQclear(res) }
        let st = PQresultStatus(res)
        guard st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK else { throw error(res, sql) }
    }

    func run(_ sql: String, _ params: [SQLValue]) throws(DatabaseError) -> SQLResult {
        try ensureConnected()
        let name = try statementName(sql, params)
        let texts: [UnsafeMutablePointer<CChar>?] = params.map { $0.textValue.map { strdup($0) } ?? nil }
        defer { for t in texts { free(t) } }
        let ptrs = texts.map { UnsafePointer($0) }
        guard let res = PQexecPrepared(conn, name, Int32(params.count), ptrs, nil, nil, 0) else { throw lost(sql) }
        defer { PQclear(res) }
        let st = PQresultStatus(res)
        guard st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK else { throw error(res, sql) }
        return SQLResult(rows: readRows(res), changes: Int(String(cString: PQcmdTuples(res))) ?? 0)
    }

    /// Oids we bind with: int8, float8, or "unknown" (0) so the server infers text/timestamp from context.
    private static func oid(_ v: SQLValue) -> Oid {
        switch v {
        case .int: 20
        case .double: 701
        case .text, .null: 0
        }
    }

    private func statementName(_ sql: String, _ params: [SQLValue]) throws(DatabaseError) -> String {
        let types = params.map { Self.oid($0) }
        let key = types.map(String.init).joined(separator: ",") + "|" + sql
        if let name = prepared[key] { return name }
        // IN lists of every length make many texts; past a bound, drop them all on both sides.
        if prepared.count >= 1000 {
            try runScript("DEALLOCATE ALL")
            prepared = [:]
            generation += 1
        }
        let (text, count) = PostgresPlaceholders.convert(sql)
        guard count == params.count else {
            throw .query(sql: sql, message: "statement takes \(count) parameters, \(params.count) given")
        }
        let name = "s\(generation)_\(prepared.count + 1)"
        guard let res = PQprepare(conn, name, text, Int32(types.count), types) else { throw lost(sql) }
        defer { PQclear(res) }
        guard PQresultStatus(res) == PGRES_COMMAND_OK else { throw error(res, sql) }
        prepared[key] = name
        return name
    }

    private func readRows(_ res: OpaquePointer) -> [SQLRow] {
        let nrows = PQntuples(res)
        let nfields = PQnfields(res)
        guard nrows > 0 else { return [] }
        let columns = SQLColumns((0..<nfields).map { String(cString: PQfname(res, $0)) })
        let types = (0..<nfields).map { PQftype(res, $0) }
        var rows: [SQLRow] = []
        rows.reserveCapacity(Int(nrows))
        for r in 0..<nrows {
            var values: [SQLValue] = []
            values.reserveCapacity(Int(nfields))
            for f in 0..<nfields {
                if PQgetisnull(res, r, f) != 0 {
                    values.append(.null)
                    continue
                }
                let text = String(cString: PQgetvalue(res, r, f))
                values.append(Self.value(text, type: types[Int(f)]))
            }
            rows.append(SQLRow(columns: columns, values: values))
        }
        return rows
    }

    private static func value(_ text: String, type: Oid) -> SQLValue {
        switch type {
        case 20, 21, 23: return Int(text).map { .int($0) } ?? .text(text)
        case 700, 701, 1700: return Double(text).map { .double($0) } ?? .text(text)
        case 16: return .int(text == "t" ? 1 : 0)
        default: return .text(text)
        }
    }

    /// Reopens a connection the server dropped; statements prepared on the old one are gone with it.
    private func ensureConnected() throws(DatabaseError) {
        guard PQstatus(conn) != CONNECTION_OK else { return }
        PQfinish(conn)
        conn = nil
        prepared = [:]
        generation += 1
        conn = try Self.connect(parameters)
    }

    private func lost(_ sql: String) -> DatabaseError {
        .retryable("connection lost: " + String(cString: PQerrorMessage(conn)))
    }

    private func error(_ res: OpaquePointer, _ sql: String) -> DatabaseError {
        let field = { (code: Character) -> String in
            guard let p = PQresultErrorField(res, Int32(code.asciiValue ?? 0)) else { return "" }
            return String(cString: p)
        }
        let state = field("C")
        var message = field("M")
        if message.isEmpty { message = String(cString: PQresultErrorMessage(res)) }
        let detail = field("D")
        if !detail.isEmpty { message += " (\(detail))" }
        if PQstatus(conn) != CONNECTION_OK { return .retryable("connection lost: \(message)") }
        switch state {
        case "23505": return .duplicate(message)
        case let s where s.hasPrefix("23"): return .constraint(message)
        case "40001", "40P01", "55P03": return .retryable(message)
        case let s where s.hasPrefix("08"): return .retryable("connection: \(message)")
        default: return .query(sql: sql, message: message)
        }
    }
}
