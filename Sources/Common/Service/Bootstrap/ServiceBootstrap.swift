import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The entry point every service's `main.swift` calls: arguments, config, logging, signals, systemd, then the
/// services until they stop. Exit status: 0 after a requested stop, 2 for bad arguments or config, 1 when a
/// service fails.
///
///     ServiceBootstrap.main(program: "nova-compute") { conf in
///         [ComputeService(conf: conf, transport: try TransportFactory.make(conf: conf))]
///     }
public enum ServiceBootstrap {
    public typealias ServiceFactory = @Sendable (Config) async throws -> [any LifecycleService]

    static let log = Logger("nova.service")

    /// Runs the process and never returns. Call it first thing in `main.swift`: it blocks the lifecycle signals
    /// before any thread exists so that none is lost or kills the process.
    public static func main(program: String, options: [OptDefinition] = NovaOptions.all,
                            arguments: [String] = Array(CommandLine.arguments.dropFirst()),
                            makeServices: @escaping ServiceFactory) -> Never {
        SignalEvents.block()
        let conf: Config
        switch prepare(program: program, arguments: arguments, options: options) {
        case .exit(let code, let out, let err):
            write(out, to: 1)
            write(err, to: 2)
            exit(code)
        case .run(let c):
            conf = c
        }
        do { try LogSystem.shared.configure(.init(conf: conf, program: program)) } catch {
            write("\(program): \(error)\n", to: 2)
            exit(ConfigError.exitCode)
        }
        let events: AsyncStream<LifecycleEvent>
        do { events = try SignalEvents.stream() } catch {
            log.critical("\(program) cannot start: \(error)")
            exit(1)
        }
        Task {
            let code = await run(program: program, conf: conf, events: events, makeServices: makeServices)
            exit(code)
        }
        // Not dispatchMain(): it parks the main thread in sigsuspend with an empty mask, which unblocks SIGHUP
        // and SIGTERM there and lets their default action kill the process. The run loop keeps the mask and
        // still drains the main queue (MainActor work).
        while true { RunLoop.main.run() }
    }

    /// What the arguments ask for before any service exists: print and exit, or run with this config.
    public enum Preparation: Sendable {
        case exit(code: Int32, stdout: String, stderr: String)
        case run(Config)
    }

    /// Parses arguments and loads the config; `--help`, `--version` and every error end here.
    public static func prepare(program: String, arguments: [String], options: [OptDefinition]) -> Preparation {
        let flags = Set(options.filter { $0.group == "DEFAULT" && $0.kind == .bool }.map(\.name))
        let args: CommandLineArgs
        do { args = try CommandLineArgs.parse(arguments, boolOptions: flags) } catch {
            return .exit(code: ConfigError.exitCode, stdout: "", stderr: "\(program): error: \(error)\n")
        }
        if args.help {
            return .exit(code: 0, stdout: ConfigHelp.render(program: program, definitions: options), stderr: "")
        }
        if args.version { return .exit(code: 0, stdout: NovaVersion.string + "\n", stderr: "") }
        if !args.positional.isEmpty {
            return .exit(code: ConfigError.exitCode, stdout: "",
                         stderr: "\(program): error: unrecognized arguments: "
                            + args.positional.joined(separator: " ") + "\n")
        }
        do {
            return .run(try Config(definitions: options, files: args.configFiles, configDir: args.configDir,
                                   cli: args.cli))
        } catch {
            return .exit(code: ConfigError.exitCode, stdout: "", stderr: "\(program): error: \(error)\n")
        }
    }

    /// Builds the services and runs them as a group until they stop; returns the exit status. Logging is
    /// expected to be configured already.
    public static func run(program: String, conf: Config, events: AsyncStream<LifecycleEvent>,
                           notifier: SystemdNotifier = SystemdNotifier(),
                           makeServices: ServiceFactory) async -> Int32 {
        log.info("Starting \(program) (version \(NovaVersion.string))")
        for w in conf.warnings { log.warning(w) }
        logOptionValues(conf)
        let services: [any LifecycleService]
        do { services = try await makeServices(conf) } catch let error as ConfigError {
            log.critical("\(program) cannot start: \(error)")
            return ConfigError.exitCode
        } catch {
            log.critical("\(program) cannot start: \(error)")
            return 1
        }
        let group = ServiceGroup(program: program, services: services, conf: conf, notifier: notifier)
        let outcome = await group.run(events: events)
        switch outcome {
        case .stopped(let reason, _): log.info("\(program) stopped (\(reason))")
        case .finished(let s): log.info("\(program) stopped: \(s) returned")
        case .failed(let s, let e): log.critical("\(program) stopped: \(s) failed: \(e)")
        }
        return outcome.exitCode
    }

    /// oslo.config's log_opt_values: every option's effective value at DEBUG, secrets masked.
    static func logOptionValues(_ conf: Config) {
        guard log.isEnabled(.debug) else { return }
        log.debug("Configuration options gathered from: config files \(conf.configFiles), config dir "
                  + (conf.configDir ?? "None"))
        for (key, _) in conf.definitions.sorted(by: { ($0.key.group, $0.key.name) < ($1.key.group, $1.key.name) }) {
            log.debug("\(key.group).\(key.name) = \(conf.display(key, conf.value(key)))")
        }
    }

    private static func write(_ text: String, to fd: Int32) {
        guard !text.isEmpty else { return }
        let bytes = Array(text.utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            off += n
        }
    }
}
