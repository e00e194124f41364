import Common
import Foundation
import NovaDB

/// What nova-api's `main` runs, built from the config: the database store, the compute API's controllers
/// behind the pipeline (noauth2, or the built-in identity under `[api] auth_strategy = identity`), the
/// HTTP server bound to `osapi_compute_listen:osapi_compute_listen_port`, and — in the parent process
/// when `osapi_compute_workers` is above 1 — that many minus one worker processes sharing the port.
public enum APIProcess {
    static let log = Logger("nova.api")

    /// The services of one nova-api process. The port is bound before this returns, so a busy port
    /// stops the process at start (before any worker is spawned).
    public static func makeServices(conf: Config) async throws -> [any LifecycleService] {
        RemoteErrorRegistry.registerStoreErrors()
        let store = try await openStore(conf: conf)
        let transport = try TransportFactory.make(conf: conf)
        let resources = ComputeResources(
            store: DatabaseComputeAPIStore(store: store), actions: RPCComputeActions(conf: conf, transport: transport),
            settings: ComputeSettings(config: conf))
        let parts = try IdentitySetup.make(
            config: conf, revocations: DatabaseTokenRevocations(store: store),
            images: DatabaseImageCatalog(store: store))
        let assembly = try ComputeAPI.assemble(
            config: conf, router: ComputeControllers.router(resources), identity: parts.authenticator,
            mounts: parts.mounts)
        for problem in parts.problems + assembly.problems { log.warning(problem) }
        let api = APIService(config: conf, handler: assembly.pipeline)
        try api.start()
        let count = APIService.workerCount(config: conf)
        let workers = !APIWorkerProcesses.isWorker && count > 1 ? APIWorkerProcesses(count: count - 1) : nil
        let server = APIServerService(api: api, identity: parts.service, workers: workers)
        return [server] + (workers.map { [$0] } ?? [])
    }

    /// The pool on `[database] connection` (retried while the server is unreachable), refused unless its
    /// schema is at this release's head.
    static func openStore(conf: Config) async throws -> NovaStore {
        try await DatabaseStartup.openStore(conf: conf, logger: Logger("nova.api"))
    }
}
