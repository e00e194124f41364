#if canImport(Glibc)
import Glibc
#endif

/// `[DEFAULT]` options every service reads: identity of the host, logging, the bus, liveness.
public enum CommonOptions {
    public static let host = Opt<String>.make(
        "host", kind: .string, default: .string(CommonOptions.systemHostname()),
        help: "Hostname, FQDN or IP address of this host. Must be valid within AMQP key and unique per compute.",
        sampleDefault: "<current_hostname>")
    public static let myIP = Opt<String>.make(
        "my_ip", kind: .ipAddress, default: .string("127.0.0.1"),
        help: "The IP address which the host is using to connect to the management network.")
    public static let statePath = Opt<String>.make(
        "state_path", kind: .string, default: .string("/var/lib/nova"),
        help: "Top-level directory for maintaining Nova's state.")
    public static let debug = Opt<Bool>.make(
        "debug", kind: .bool, default: .bool(false), help: "If set to true, the logging level is set to DEBUG.",
        mutable: true)
    public static let logFile = Opt<String?>.make(
        "log_file", kind: .string, default: nil,
        help: "Name of log file to send logging output to. If not set, logging goes to stderr.",
        deprecated: [.init("DEFAULT", "logfile")])
    public static let logDir = Opt<String?>.make(
        "log_dir", kind: .string, default: nil, help: "Base directory used for relative log_file paths.",
        deprecated: [.init("DEFAULT", "logdir")])
    public static let useStderr = Opt<Bool>.make(
        "use_stderr", kind: .bool, default: .bool(false), help: "Log output to standard error.")
    public static let useSyslog = Opt<Bool>.make(
        "use_syslog", kind: .bool, default: .bool(false), help: "Use syslog for logging.")
    public static let transportURL = Opt<String>.make(
        "transport_url", kind: .url, default: .string("rabbit://guest:guest@127.0.0.1:5672/"),
        help: "The network address and optional user credentials for connecting to the messaging backend, "
            + "in URL format: driver://[user:pass@]host:port[,[userN:passN@]hostN:portN]/virtual_host. "
            + "fake:// selects the in-process transport (tests and simulation).")
    public static let controlExchange = Opt<String>.make(
        "control_exchange", kind: .string, default: .string("nova"),
        help: "The default exchange under which topics are scoped.")
    public static let rpcResponseTimeout = Opt<Int>.make(
        "rpc_response_timeout", kind: .int(min: 1, max: nil), default: .int(60),
        help: "Seconds to wait for a response from a call.")
    public static let rpcPrefetch = Opt<Int>.make(
        "rpc_prefetch", kind: .int(min: 1, max: 65535), default: .int(64),
        help: "Unacknowledged messages a server may hold at once (AMQP basic.qos prefetch count).")
    public static let reportInterval = Opt<Int>.make(
        "report_interval", kind: .int(min: 1, max: nil), default: .int(10),
        help: "Number of seconds indicating how frequently the state of services on a given hypervisor is "
            + "reported.")
    public static let serviceDownTime = Opt<Int>.make(
        "service_down_time", kind: .int(min: 1, max: nil), default: .int(60),
        help: "Maximum time in seconds since last check-in for up service.")
    public static let periodicEnable = Opt<Bool>.make(
        "periodic_enable", kind: .bool, default: .bool(true), help: "Enable periodic tasks.")
    public static let periodicFuzzyDelay = Opt<Int>.make(
        "periodic_fuzzy_delay", kind: .int(min: 0, max: nil), default: .int(60),
        help: "Number of seconds to randomly delay when starting the periodic task scheduler to reduce "
            + "stampeding.")
    public static let gracefulShutdownTimeout = Opt<Int>.make(
        "graceful_shutdown_timeout", kind: .int(min: 0, max: nil), default: .int(60),
        help: "Specify a timeout after which a gracefully shutdown server will exit. Zero value means endless "
            + "wait.", mutable: true)

    public static let all: [OptDefinition] = definitions(host, myIP, statePath, debug, logFile, logDir, useStderr, useSyslog, transportURL, controlExchange,
        rpcResponseTimeout, rpcPrefetch, reportInterval, serviceDownTime, periodicEnable, periodicFuzzyDelay,
        gracefulShutdownTimeout)

    static func systemHostname() -> String {
        var buf = [CChar](repeating: 0, count: 256)
        guard gethostname(&buf, buf.count) == 0 else { return "localhost" }
        return String(decoding: buf.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
