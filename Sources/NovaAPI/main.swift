import Common

#if canImport(Glibc)
    import Glibc
#endif

// A worker process (osapi_compute_workers > 1) does not speak to systemd: its parent does.
if APIWorkerProcesses.isWorker { unsetenv("NOTIFY_SOCKET") }

// nova-api: arguments, config, logging, signals and systemd come from the shared bootstrap; the
// services (HTTP server on the database, worker processes) from APIProcess.
ServiceBootstrap.main(program: "nova-api") { conf in
    try await APIProcess.makeServices(conf: conf)
}
