import Common
import Foundation

/// nova-scheduler as a running service: the `scheduler` topic (several processes compete for its
/// messages; claims keep them honest), its own services-row heartbeat, and config reloads that swap the
/// filters and weighers. `main` builds it (after `validate`), calls `run()`, and `reload()` on SIGHUP.
public final class SchedulerService: Sendable {
    public let server: RPCServer
    public let scheduler: FilterScheduler
    public let store: any SchedulerStore
    private let heartbeat: (@Sendable (Service) async throws -> Void)?
    private let conf: Config
    private static let log = Logger("nova.scheduler.service")

    /// Fails when the settings cannot be used (an unknown filter or weigher name, listing the known
    /// ones): the service must not start with them.
    public static func validate(_ conf: Config) throws(SchedulerConfigError) { _ = try SchedulerSettings(conf: conf) }

    /// `heartbeat` records the scheduler's services row every `report_interval` (nil: none).
    public init(conf: Config, transport: any Transport, store: any SchedulerStore,
                refresh: HostManager.Refresh = HostManager.Refresh(minInterval: 1),
                heartbeat: (@Sendable (Service) async throws -> Void)? = nil) throws(SchedulerConfigError) {
        self.conf = conf
        self.store = store
        self.heartbeat = heartbeat
        let settings = try SchedulerSettings(conf: conf)
        scheduler = FilterScheduler(store: store, settings: settings,
                                    hostManager: HostManager(store: store, refresh: refresh))
        server = RPCServer(conf: conf, transport: transport, topic: SchedulerRPCAPI.topic,
                           endpoints: [SchedulerManager(scheduler: scheduler)])
    }

    /// Serves until the task is cancelled, then drains (in-flight requests finish).
    public func run() async throws {
        let host = conf[CommonOptions.host]
        let me = Service(host: host, binary: "nova-scheduler", topic: SchedulerRPCAPI.topic)
        try await heartbeat?(me)
        try await scheduler.hostManager.refreshNow()
        try await server.start()
        ServiceReadiness.markReady()
        let nodes = await scheduler.hostManager.count
        Self.log.info("nova-scheduler \(NovaVersion.string) started on \(host) with filters "
                      + "\(scheduler.settings.filters.map(\.name)), \(nodes) compute node(s)")
        while !Task.isCancelled {
            do { try await Task.sleep(for: .seconds(conf[CommonOptions.reportInterval])) } catch { break }
            do { try await heartbeat?(me) } catch { Self.log.error("Heartbeat failed: \(error)") }
        }
        await server.stop()
    }

    /// Applies reloaded options (call after `Config.reload()`): new filters, weighers, multipliers, subset
    /// size, max attempts. Unusable settings are refused and the previous ones kept.
    @discardableResult
    public func reload() -> Bool {
        do {
            let s = try SchedulerSettings(conf: conf)
            scheduler.settings = s
            Self.log.info("Scheduler settings reloaded: filters \(s.filters.map(\.name)), weighers "
                          + "\(s.weighers.map { "\($0.weigher.name)×\($0.multiplier)" })")
            return true
        } catch {
            Self.log.error("\(error) Keeping the previous filters and weighers.")
            return false
        }
    }
}
