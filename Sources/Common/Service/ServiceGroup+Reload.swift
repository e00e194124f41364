/// SIGHUP: re-read the config files, apply the mutable options, log every change, tell the services.
extension ServiceGroup {
    /// One reload between `RELOADING=1` and `READY=1`. A file that no longer parses keeps the running config.
    func reload() async {
        notifier.reloading(status: "Reloading configuration")
        let files = conf.configFiles + (conf.configDir.map { ["\($0)/*.conf"] } ?? [])
        let from = files.isEmpty ? "(no files)" : files.joined(separator: ", ")
        Self.log.info("Caught SIGHUP, reloading configuration from \(from)")
        do {
            let changes = try conf.reload()
            for w in conf.warnings { Self.log.warning(w) }
            for c in changes {
                let from = conf.display(c.key, c.old)
                let to = conf.display(c.key, c.new)
                if c.applied {
                    Self.log.info("Option \(c.key.group).\(c.key.name) changed from [\(from)] to [\(to)]")
                } else {
                    Self.log.warning("Ignoring change to immutable option \(c.key.group).\(c.key.name) "
                                     + "([\(from)] to [\(to)]): restart the service to apply it")
                }
            }
            if changes.isEmpty { Self.log.info("Configuration unchanged") }
            let applied = changes.filter(\.applied)
            if applied.contains(where: { $0.key == CommonOptions.debug.definition.key }) {
                LogSystem.shared.level = conf[CommonOptions.debug] ? .debug : .info
            }
            if !applied.isEmpty {
                for s in services { await s.configReloaded(applied) }
            }
        } catch {
            Self.log.error("Reload failed, keeping the running configuration: \(error)")
        }
        notifier.ready(status: "Running \(program) \(NovaVersion.string)")
    }
}
