import Foundation

/// The database: a small pool of connections to SQLite or PostgreSQL, each owned by one thread of ours so
/// that blocking C calls never run on the cooperative pool. Callers hand closures to `read` or
/// `transaction`, which run them on a free pool thread and resume the caller with the result.
public final class Database: Sendable {
    public let url: DatabaseURL
    public let poolSize: Int
    private let queue = WorkQueue()

    public var dialect: SQLDialect { url.dialect }

    private init(url: DatabaseURL, poolSize: Int) {
        self.url = url
        self.poolSize = poolSize
    }

    /// Opens `poolSize` connections (each on its own thread); throws the first failure.
    public static func open(_ url: DatabaseURL, poolSize: Int = 5, busyTimeoutMs: Int = 10_000) async throws
        -> Database
    {
        let db = Database(url: url, poolSize: max(1, poolSize))
        let factory: @Sendable () throws(DatabaseError) -> DatabaseConnection = {
            switch url {
            case .sqlite(let path): try SQLiteConnection(path: path, busyTimeoutMs: busyTimeoutMs)
            case .postgresql(let p): try PostgresConnection(parameters: p)
            }
        }
        for i in 0..<db.poolSize {
            do {
                try await db.startWorker(number: i + 1, factory)
            } catch {
                db.stopWorkers(i)
                throw error
            }
        }
        return db
    }

    /// Parses `connection` and opens it.
    public static func open(_ connection: String, poolSize: Int = 5, busyTimeoutMs: Int = 10_000) async throws
        -> Database
    {
        try await open(try DatabaseURL.parse(connection), poolSize: poolSize, busyTimeoutMs: busyTimeoutMs)
    }

    private func startWorker(number: Int, _ factory: @escaping @Sendable () throws(DatabaseError) -> DatabaseConnection)
        async throws
    {
        let queue = self.queue
        try await withCheckedThrowingContinuation { (ready: CheckedContinuation<Void, Error>) in
            let thread = Thread {
                let conn: DatabaseConnection
                do {
                    conn = try factory()
                } catch {
                    ready.resume(throwing: error)
                    return
                }
                ready.resume()
                while case .work(let job) = queue.pop() { job(conn) }
            }
            thread.name = "nova-db-\(number)"
            thread.start()
        }
    }

    private func stopWorkers(_ n: Int) {
        queue.stop(threads: n, final: true)
    }

    /// Closes every connection once the jobs already queued have run; later calls throw `closed`.
    public func close() {
        queue.stop(threads: poolSize, final: true)
    }

    deinit { close() }

    /// Runs `body` on a pool connection, each statement in its own implicit transaction.
    @discardableResult
    public func read<T: Sendable>(_ body: @escaping @Sendable (DBSession) throws -> T) async throws -> T {
        try await submit { conn in try body(DBSession(connection: conn)) }
    }

    /// Runs `body` in one write transaction: committed when it returns, rolled back when it throws.
    /// Lock contention, deadlocks and lost connections roll back and run `body` again, up to `retries` times.
    @discardableResult
    public func transaction<T: Sendable>(retries: Int = 5, _ body: @escaping @Sendable (DBSession) throws -> T)
        async throws -> T
    {
        try await submit { conn in
            var attempt = 0
            while true {
                do {
                    return try Self.once(conn, body)
                } catch let e as DatabaseError where e.isRetryable && attempt < retries {
                    attempt += 1
                    // Back off a little, with jitter, on this pool thread (ours to block).
                    usleep(UInt32.random(in: 1_000...5_000) * UInt32(attempt))
                }
            }
        }
    }

    private static func once<T>(_ conn: DatabaseConnection, _ body: (DBSession) throws -> T) throws -> T {
        // IMMEDIATE takes SQLite's write lock up front: a deferred transaction that reads first and writes
        // later fails with SQLITE_BUSY (no waiting) when another writer got in between.
        try conn.runScript(conn.dialect == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let result = try body(DBSession(connection: conn))
            try conn.runScript("COMMIT")
            return result
        } catch {
            try? conn.runScript("ROLLBACK")
            throw error
        }
    }

    private func submit<T: Sendable>(_ work: @escaping @Sendable (DatabaseConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { cont in
            let queued = queue.push(.work { conn in cont.resume(with: Result { try work(conn) }) })
            if !queued { cont.resume(throwing: DatabaseError.closed) }
        }
    }
}
