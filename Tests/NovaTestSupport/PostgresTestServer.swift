import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A private, throwaway PostgreSQL 15 cluster for the tests: initdb'd in a temporary directory owned by the
/// `postgres` user, listening on 127.0.0.1 on a free port and on a unix socket in that directory, started
/// once per test process and stopped when it exits. Each test takes a fresh database from it.
public enum PostgresTestServer {
    public struct SetupError: Error, CustomStringConvertible {
        public let description: String
    }

    struct Cluster: Sendable {
        let dir: String
        let port: Int
    }

    static let bin = "/usr/lib/postgresql/15/bin"
    static let dirPrefix = "/tmp/mini-nova-pg-"

    private static let cluster: Result<Cluster, SetupError> = {
        do {
            let c = try start()
            atexit { PostgresTestServer.stop() }
            return .success(c)
        } catch let e as SetupError {
            return .failure(e)
        } catch {
            return .failure(SetupError(description: "\(error)"))
        }
    }()

    /// A new, empty database on the cluster: `postgresql://postgres@127.0.0.1:<port>/<name>`.
    /// `makeDatabase` for async tests: initdb, start-up and createdb run on a thread of their own, so the
    /// cooperative pool (2 threads here) is never held for the seconds they take.
    public static func newDatabase(_ purpose: String = "test") async throws -> String {
        let r: Result<String, any Error> = await withCheckedContinuation { cont in
            Thread.detachNewThread { cont.resume(returning: Result { try makeDatabase(purpose) }) }
        }
        return try r.get()
    }

    public static func makeDatabase(_ purpose: String = "test") throws -> String {
        let c = try cluster.get()
        let name = "\(purpose)_\(UUID().uuidString.prefix(8).lowercased())"
        try run("\(bin)/createdb -h '\(c.dir)' -p \(c.port) -U postgres '\(name)'", what: "createdb \(name)")
        return "postgresql://postgres@127.0.0.1:\(c.port)/\(name)"
    }

    /// The same database reached through the unix socket directory (`?host=/dir`).
    public static func socketURL(forDatabase name: String) throws -> String {
        let c = try cluster.get()
        return "postgresql://postgres@/\(name)?host=\(c.dir)&port=\(c.port)"
    }

    /// Drops a database made by `makeDatabase` (best effort).
    public static func dropDatabase(_ url: String) {
        guard case .success(let c) = cluster, let name = url.split(separator: "/").last else { return }
        TestSupport.shell("\(bin)/dropdb -h '\(c.dir)' -p \(c.port) -U postgres --if-exists '\(name)' 2>/dev/null")
    }

    private static func start() throws -> Cluster {
        if !FileManager.default.fileExists(atPath: "\(bin)/initdb") {
            try run(". scripts/lib/deps.sh && ensure_packages postgresql-15", what: "installing postgresql-15")
        }
        reapOrphans()
        let dir = dirPrefix + "\(getpid())-\(UUID().uuidString.prefix(6).lowercased())"
        try run("mkdir -p '\(dir)' && chown postgres:postgres '\(dir)' && chmod 0700 '\(dir)'", what: "mkdir \(dir)")
        try run(
            "runuser -u postgres -- \(bin)/initdb -D '\(dir)/data' -A trust -U postgres -E UTF8 --no-sync "
                + "--locale=C.UTF-8 >'\(dir)/initdb.log' 2>&1", what: "initdb (see \(dir)/initdb.log)")
        var lastError = ""
        for _ in 0..<5 {
            let port = freePort()
            let opts =
                "-k \(dir) -p \(port) -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
                + "-c full_page_writes=off -c max_connections=200"
            // The server inherits pg_ctl's descriptors, and Foundation's Process waits for every copy of
            // its own to close: close all but 0-2 first, and give the server files, not pipes.
            let (rc, out) = TestSupport.shell(
                "for f in /proc/self/fd/*; do n=${f##*/}; [ \"$n\" -gt 2 ] && eval \"exec $n>&-\" 2>/dev/null; done; "
                    + "runuser -u postgres -- \(bin)/pg_ctl -D '\(dir)/data' -o '\(opts)' -l '\(dir)/server.log' -w -t 60 start "
                    + ">'\(dir)/pg_ctl.log' 2>&1 </dev/null")
            if rc == 0 { return Cluster(dir: dir, port: port) }
            let log = ["pg_ctl.log", "server.log"].map {
                (try? String(contentsOfFile: "\(dir)/\($0)", encoding: .utf8)) ?? ""
            }.joined(separator: "\n")
            lastError = out + log
        }
        throw SetupError(description: "PostgreSQL did not start in \(dir): \(lastError)")
    }

    /// Stops the cluster and removes its directory (at process exit).
    static func stop() {
        guard case .success(let c) = cluster else { return }
        stopCluster(dir: c.dir)
    }

    private static func stopCluster(dir: String) {
        TestSupport.shell(
            "runuser -u postgres -- \(bin)/pg_ctl -D '\(dir)/data' -m immediate -w stop "
                + ">/dev/null 2>&1; rm -rf '\(dir)'")
    }

    /// Clusters left by test processes that died without stopping them.
    private static func reapOrphans() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/tmp") else { return }
        for name in names where ("/tmp/" + name).hasPrefix(dirPrefix) {
            let rest = name.dropFirst(dirPrefix.count - "/tmp/".count)
            guard let pid = Int32(rest.split(separator: "-").first ?? ""), kill(pid, 0) != 0 else { continue }
            stopCluster(dir: "/tmp/" + name)
        }
    }

    private static func run(_ script: String, what: String) throws {
        let (rc, out) = TestSupport.shell(script)
        guard rc == 0 else { throw SetupError(description: "\(what) failed (\(rc)): \(out)") }
    }

    /// A port nobody listens on right now: bind to port 0 and read what the kernel chose.
    private static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(fd, sa, len) == 0 && getsockname(fd, sa, &len) == 0
            }
        }
        return ok ? Int(UInt16(bigEndian: addr.sin_port)) : Int.random(in: 20_000...40_000)
    }
}
