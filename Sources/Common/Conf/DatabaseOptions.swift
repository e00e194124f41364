/// `[database]`: where the stored state lives.
public enum DatabaseOptions {
    public static let connection = Opt<String>.make(
        "connection", group: "database", kind: .secret, default: .string("sqlite:////var/lib/nova/nova.sqlite"),
        help: "The connection string used to connect to the database: sqlite:///path/to/nova.sqlite or "
            + "postgresql://user:pass@host:port/dbname.")
    public static let maxRetries = Opt<Int>.make(
        "max_retries", group: "database", kind: .int(min: -1, max: nil), default: .int(10),
        help: "Maximum number of database connection retries during startup. Set to -1 to specify an infinite "
            + "retry count.")
    public static let retryInterval = Opt<Int>.make(
        "retry_interval", group: "database", kind: .int(min: 0, max: nil), default: .int(10),
        help: "Interval between retries of opening a SQL connection.")
    public static let busyTimeoutMs = Opt<Int>.make(
        "sqlite_busy_timeout", group: "database", kind: .int(min: 0, max: nil), default: .int(10000),
        help: "Milliseconds SQLite waits on a locked database before failing a statement.")
    public static let maxPoolSize = Opt<Int>.make(
        "max_pool_size", group: "database", kind: .int(min: 1, max: nil), default: .int(5),
        help: "Maximum number of SQL connections to keep open in a pool.")

    public static let all: [OptDefinition] = definitions(connection, maxRetries, retryInterval, busyTimeoutMs, maxPoolSize)
}
