import Common
import Foundation

/// nova-api's HTTP server as a `LifecycleService`: it reports ready only once its port is listening,
/// serves until cancelled (then drains the requests in flight), and on a config reload re-reads the
/// identity users file and passes SIGHUP on to the worker processes, which re-read their config too.
public struct APIServerService: LifecycleService {
    public let api: APIService
    /// nil under noauth2.
    public let identity: IdentityService?
    /// The extra worker processes (`osapi_compute_workers > 1`), in the parent only.
    public let workers: APIWorkerProcesses?
    static let log = Logger("nova.service")

    public init(api: APIService, identity: IdentityService? = nil, workers: APIWorkerProcesses? = nil) {
        self.api = api
        self.identity = identity
        self.workers = workers
    }

    public var serviceName: String { APIService.name }
    public var reportsReadiness: Bool { true }

    public func run() async throws {
        if api.port == nil { try api.start() }
        ServiceReadiness.markReady()
        try await api.run()
    }

    public func configReloaded(_ changes: [Config.Change]) async {
        if let problem = identity?.reload() {
            Self.log.error("Keeping the previous identity users: \(problem)")
        }
        workers?.signal(SIGHUP)
    }
}
