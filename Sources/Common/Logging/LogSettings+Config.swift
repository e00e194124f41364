/// Logging settings from `[DEFAULT] debug, log_file, log_dir, use_stderr, use_syslog`, as oslo.log reads them.
extension LogSystem.Settings {
    public init(conf: Config, program: String) {
        self.init(level: conf[CommonOptions.debug] ? .debug : .info,
                  logFile: Self.logPath(file: conf[CommonOptions.logFile], dir: conf[CommonOptions.logDir],
                                        program: program),
                  useStderr: conf[CommonOptions.useStderr], useSyslog: conf[CommonOptions.useSyslog],
                  program: program)
    }

    /// oslo.log's rule: `log_dir/log_file` when both are set (an absolute log_file stands alone),
    /// `log_dir/<program>.log` with only the directory, `log_file` alone, or no file.
    public static func logPath(file: String?, dir: String?, program: String) -> String? {
        let file = file.flatMap { $0.isEmpty ? nil : $0 }
        let dir = dir.flatMap { $0.isEmpty ? nil : $0 }
        switch (file, dir) {
        case (let f?, let d?): return f.hasPrefix("/") ? f : (d.hasSuffix("/") ? d + f : d + "/" + f)
        case (let f?, nil): return f
        case (nil, let d?): return (d.hasSuffix("/") ? d : d + "/") + program + ".log"
        case (nil, nil): return nil
        }
    }
}
