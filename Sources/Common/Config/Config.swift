import Foundation

/// The effective configuration of a process: defaults < `--config-file`s < `--config-dir` files < command line.
/// Thread-safe; `reload()` re-reads the same files and applies changes to mutable options only.
public final class Config: @unchecked Sendable {
    // @unchecked: `values` and `loadWarnings` are only touched under `lock`; the rest is immutable.
    public let definitions: [OptDefinition.Key: OptDefinition]
    public let configFiles: [String]
    public let configDir: String?
    public let cliOverrides: [(OptDefinition.Key, String)]
    private let lock = NSLock()
    private var values: [OptDefinition.Key: ConfigValue]
    private var loadWarnings: [String] = []
    /// Warnings found by the latest load or reload (unknown or deprecated options), to be logged.
    public var warnings: [String] { lock.withLock { loadWarnings } }

    /// Builds a config from declarations and arguments only (no files): handy in tests.
    public convenience init(definitions: [OptDefinition], overrides: [String: ConfigValue] = [:]) {
        try! self.init(definitions: definitions, files: [], configDir: nil, cli: [])
        for (k, v) in overrides {
            let parts = k.split(separator: ".", maxSplits: 1).map(String.init)
            let key = parts.count == 2 ? OptDefinition.Key(parts[0], parts[1]) : OptDefinition.Key("DEFAULT", k)
            set(key, v)
        }
    }

    public init(definitions defs: [OptDefinition], files: [String], configDir: String?,
                cli: [(OptDefinition.Key, String)]) throws(ConfigError) {
        var d: [OptDefinition.Key: OptDefinition] = [:]
        for def in defs { d[def.key] = def }
        definitions = d
        configFiles = files
        self.configDir = configDir
        cliOverrides = cli
        values = [:]
        let (v, w) = try Config.resolve(definitions: d, files: files, configDir: configDir, cli: cli)
        values = v
        loadWarnings = w
    }

    /// The files in `--config-dir` that are read: `*.conf`, sorted by name.
    public static func dirFiles(_ dir: String) throws(ConfigError) -> [String] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: dir) } catch {
            throw .unreadableFile(path: dir, reason: "cannot list directory")
        }
        return names.filter { $0.hasSuffix(".conf") }.sorted().map { dir + "/" + $0 }
    }

    static func resolve(definitions: [OptDefinition.Key: OptDefinition], files: [String], configDir: String?,
                        cli: [(OptDefinition.Key, String)]) throws(ConfigError)
        -> ([OptDefinition.Key: ConfigValue], [String])
    {
        var values: [OptDefinition.Key: ConfigValue] = [:]
        var warnings: [String] = []
        for def in definitions.values { if let dv = def.defaultValue { values[def.key] = dv } }
        var aliases: [OptDefinition.Key: OptDefinition.Key] = [:]
        for def in definitions.values { for old in def.deprecatedNames { aliases[old] = def.key } }

        var all = files
        if let dir = configDir { all += try dirFiles(dir) }
        for path in all {
            let text: String
            do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
                throw .unreadableFile(path: path, reason: (error as NSError).localizedDescription)
            }
            let ini: INIFile
            do { ini = try INIFile(path: path, text: text) } catch { throw .syntax(error) }
            for e in ini.entries {
                let group = e.section.lowercased() == "default" ? "DEFAULT" : e.section
                var key = OptDefinition.Key(group, e.key)
                if definitions[key] == nil, let a = aliases[key] {
                    warnings.append("Option \"\(e.key)\" from group \"\(group)\" is deprecated. "
                                    + "Use option \"\(a.name)\" from group \"\(a.group)\".")
                    key = a
                }
                guard let def = definitions[key] else {
                    warnings.append("Unknown option \(e.key) in section [\(e.section)] of \(path) (line \(e.line)), ignored")
                    continue
                }
                switch def.kind.parse(e.value) {
                case .success(let v): values[key] = v
                case .failure(let err):
                    throw .invalidValue(file: path, section: e.section, option: e.key,
                                        reason: "\(err.reason) (\(def.kind.typeName))")
                }
            }
        }
        for (key, raw) in cli {
            guard let def = definitions[key] ?? aliases[key].flatMap({ definitions[$0] }) else {
                throw .badArgument("Unknown command-line option --\(key.group == "DEFAULT" ? "" : key.group + ".")\(key.name)")
            }
            switch def.kind.parse(raw) {
            case .success(let v): values[def.key] = v
            case .failure(let err):
                throw .invalidValue(file: "command line", section: def.group, option: def.name, reason: err.reason)
            }
        }
        return (values, warnings)
    }

    public subscript<T>(_ opt: Opt<T>) -> T {
        lock.lock()
        defer { lock.unlock() }
        return T.read(values[opt.definition.key])
    }

    public func value(_ key: OptDefinition.Key) -> ConfigValue? {
        lock.lock()
        defer { lock.unlock() }
        return values[key]
    }

    /// Sets a value in memory (tests and programmatic overrides).
    public func set(_ key: OptDefinition.Key, _ value: ConfigValue?) {
        lock.lock()
        values[key] = value
        lock.unlock()
    }

    public func set<T>(_ opt: Opt<T>, _ value: ConfigValue?) { set(opt.definition.key, value) }

    public struct Change: Sendable, Equatable {
        public let key: OptDefinition.Key
        public let old: ConfigValue?
        public let new: ConfigValue?
        public let applied: Bool
    }

    /// Re-reads the files (SIGHUP). Mutable options take their new values; other changes are reported, not applied.
    @discardableResult
    public func reload() throws(ConfigError) -> [Change] {
        let (fresh, freshWarnings) = try Config.resolve(definitions: definitions, files: configFiles,
                                                        configDir: configDir, cli: cliOverrides)
        lock.lock()
        defer { lock.unlock() }
        loadWarnings = freshWarnings
        var changes: [Change] = []
        for (key, def) in definitions.sorted(by: { "\($0.key)" < "\($1.key)" }) where fresh[key] != values[key] {
            changes.append(Change(key: key, old: values[key], new: fresh[key], applied: def.mutable))
            if def.mutable { values[key] = fresh[key] }
        }
        return changes
    }

    /// A value rendered for logs: secrets masked.
    public func display(_ key: OptDefinition.Key, _ v: ConfigValue?) -> String {
        guard let v else { return "None" }
        if case .secret = definitions[key]?.kind { return "****" }
        return v.description
    }
}
