import CSQLite
import Foundation

/// A SQLite connection in WAL mode, with a busy timeout and foreign keys on; statements are prepared once
/// per connection and reused.
final class SQLiteConnection: DatabaseConnection {
    let dialect = SQLDialect.sqlite
    private var db: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    static let maxCachedStatements = 1000

    /// sqlite3 copies bound text before `bind` returns (the C macro SQLITE_TRANSIENT, -1 as a destructor).
    private static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }

    init(path: String, busyTimeoutMs: Int) throws(DatabaseError) {
        let url = DatabaseURL.sqlite(path: path).description
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &handle, flags, nil)
        guard rc == SQLITE_OK, let handle else {
            let reason = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "code \(rc)"
            sqlite3_close_v2(handle)
            throw .connectionFailed(url: url, reason: reason)
        }
        db = handle
        sqlite3_busy_timeout(handle, Int32(clamping: busyTimeoutMs))
        registerRegexp(handle)
        do {
            // WAL lets readers run beside the one writer; NORMAL sync is durable enough with WAL.
            try runScript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON")
        } catch {
            throw .connectionFailed(url: url, reason: error.description)
        }
    }

    /// Compiled patterns of `REGEXP`, by text (this connection's thread only).
    private var patterns: [String: NSRegularExpression] = [:]

    /// SQLite parses `x REGEXP y` but ships no function behind it: ours uses Foundation's regular
    /// expressions (ICU syntax, as MySQL's REGEXP that Nova's name filter was written for).
    private func registerRegexp(_ handle: OpaquePointer) {
        let me = Unmanaged.passUnretained(self).toOpaque()
        sqlite3_create_function_v2(
            handle, "regexp", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, me,
            { ctx, argc, argv in
                guard let ctx, argc == 2, let argv, let p = sqlite3_value_text(argv[0]) else { return }
                guard let t = sqlite3_value_text(argv[1]) else {
                    sqlite3_result_null(ctx)
                    return
                }
                let conn = Unmanaged<SQLiteConnection>.fromOpaque(sqlite3_user_data(ctx)).takeUnretainedValue()
                guard let re = conn.regex(String(cString: p)) else {
                    sqlite3_result_error(ctx, "invalid regular expression", -1)
                    return
                }
                let text = String(cString: t)
                let found = re.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                sqlite3_result_int(ctx, found ? 1 : 0)
            }, nil, nil, nil)
    }

    private func regex(_ pattern: String) -> NSRegularExpression? {
        if let re = patterns[pattern] { return re }
        guard let re = try? NSRegularExpression(pattern: pattern) else { return nil }
        if patterns.count > 64 { patterns = [:] }
        patterns[pattern] = re
        return re
    }

    deinit {
        for s in statements.values { sqlite3_finalize(s) }
        sqlite3_close_v2(db)
    }

    func runScript(_ sql: String) throws(DatabaseError) {
        var err: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(db, sql, nil, nil, &err)
        guard rc == SQLITE_OK else {
            let message = err.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(db))
            sqlite3_free(err)
            throw error(rc, message, sql)
        }
    }

    func run(_ sql: String, _ params: [SQLValue]) throws(DatabaseError) -> SQLResult {
        let stmt = try prepared(sql)
        defer {
            sqlite3_reset(stmt)
            sqlite3_clear_bindings(stmt)
        }
        try bind(params, to: stmt, sql)
        var rows: [SQLRow] = []
        var columns: SQLColumns?
        while true {
            let rc = sqlite3_step(stmt)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw error(rc, String(cString: sqlite3_errmsg(db)), sql) }
            let cols = columns ?? makeColumns(stmt)
            columns = cols
            rows.append(SQLRow(columns: cols, values: readRow(stmt, count: cols.names.count)))
        }
        let changes = sqlite3_stmt_readonly(stmt) != 0 ? 0 : Int(sqlite3_changes(db))
        return SQLResult(rows: rows, changes: changes)
    }

    private func prepared(_ sql: String) throws(DatabaseError) -> OpaquePointer {
        if let s = statements[sql] { return s }
        // IN lists of every length make many texts; past a bound, start the cache over.
        if statements.count >= Self.maxCachedStatements {
            for s in statements.values { sqlite3_finalize(s) }
            statements = [:]
        }
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw error(rc, String(cString: sqlite3_errmsg(db)), sql) }
        statements[sql] = stmt
        return stmt
    }

    private func bind(_ params: [SQLValue], to stmt: OpaquePointer, _ sql: String) throws(DatabaseError) {
        let expected = Int(sqlite3_bind_parameter_count(stmt))
        guard expected == params.count else {
            throw .query(sql: sql, message: "statement takes \(expected) parameters, \(params.count) given")
        }
        for (i, p) in params.enumerated() {
            let idx = Int32(i + 1)
            let rc: Int32
            switch p {
            case .null: rc = sqlite3_bind_null(stmt, idx)
            case .int(let v): rc = sqlite3_bind_int64(stmt, idx, sqlite3_int64(v))
            case .double(let v): rc = sqlite3_bind_double(stmt, idx, v)
            case .text(let v): rc = sqlite3_bind_text(stmt, idx, v, -1, Self.transient)
            }
            guard rc == SQLITE_OK else { throw error(rc, String(cString: sqlite3_errmsg(db)), sql) }
        }
    }

    private func makeColumns(_ stmt: OpaquePointer) -> SQLColumns {
        let n = sqlite3_column_count(stmt)
        return SQLColumns((0..<n).map { String(cString: sqlite3_column_name(stmt, $0)) })
    }

    private func readRow(_ stmt: OpaquePointer, count: Int) -> [SQLValue] {
        var values: [SQLValue] = []
        values.reserveCapacity(count)
        for i in 0..<Int32(count) {
            switch sqlite3_column_type(stmt, i) {
            case SQLITE_INTEGER: values.append(.int(Int(sqlite3_column_int64(stmt, i))))
            case SQLITE_FLOAT: values.append(.double(sqlite3_column_double(stmt, i)))
            case SQLITE_NULL: values.append(.null)
            default:
                let len = Int(sqlite3_column_bytes(stmt, i))
                if let p = sqlite3_column_text(stmt, i) {
                    values.append(.text(String(decoding: UnsafeBufferPointer(start: p, count: len), as: UTF8.self)))
                } else {
                    values.append(.text(""))
                }
            }
        }
        return values
    }

    private func error(_ rc: Int32, _ message: String, _ sql: String) -> DatabaseError {
        let extended = sqlite3_extended_errcode(db)
        switch rc & 0xff {
        case SQLITE_BUSY, SQLITE_LOCKED: return .retryable(message)
        case SQLITE_CONSTRAINT:
            // SQLITE_CONSTRAINT_UNIQUE and _PRIMARYKEY are function-like macros Swift does not import.
            if extended == SQLITE_CONSTRAINT | (8 << 8) || extended == SQLITE_CONSTRAINT | (6 << 8) {
                return .duplicate(message)
            }
            return .constraint(message)
        default: return .query(sql: sql, message: message)
        }
    }
}
