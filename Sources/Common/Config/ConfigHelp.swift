/// The `--help` text of a service: the fixed arguments, then every declared option as a command-line
/// override (`--name=value` in `[DEFAULT]`, `--group.name=value` elsewhere), grouped like the config file.
public enum ConfigHelp {
    public static func render(program: String, definitions: [OptDefinition], width: Int = 100) -> String {
        var out = "usage: \(program) [-h] [--version] [--config-file PATH] [--config-dir DIR] [--OPTION=VALUE ...]\n\n"
        out += "optional arguments:\n"
        let fixed: [(String, String)] = [
            ("-h, --help", "show this help message and exit"),
            ("--version", "show program's version number and exit"),
            ("--config-file PATH", "Path to a config file to use. Multiple config files can be specified, with "
                + "values in later files taking precedence. Defaults to none."),
            ("--config-dir DIR", "Path to a config directory to pull `*.conf` files from. The files are read "
                + "in name order after the --config-file files, so later ones take precedence; command-line "
                + "options override them all."),
        ]
        for (flag, help) in fixed { out += entry(flag, help, width: width) }
        for (group, opts) in ConfigSampleGenerator.grouped(definitions) {
            out += "\n\(group) options:\n"
            for opt in opts { out += entry(flag(opt), describe(opt), width: width) }
        }
        return out
    }

    static func flag(_ opt: OptDefinition) -> String {
        let name = opt.group == "DEFAULT" ? opt.name : "\(opt.group).\(opt.name)"
        switch opt.kind {
        case .bool: return "--\(name), --no\(name)"
        case .choices(let c): return "--\(name) {\(c.joined(separator: ","))}"
        default: return "--\(name) " + opt.name.uppercased()
        }
    }

    static func describe(_ opt: OptDefinition) -> String {
        var parts = [opt.help]
        var facts = [opt.kind.typeName]
        let (lo, hi) = ConfigSampleGenerator.bounds(opt.kind)
        if let lo { facts.append("min \(lo)") }
        if let hi { facts.append("max \(hi)") }
        facts.append("default: " + ConfigSampleGenerator.sampleValue(opt))
        if opt.mutable { facts.append("mutable") }
        parts.append("(" + facts.joined(separator: ", ") + ")")
        return parts.joined(separator: " ")
    }

    /// argparse's layout: the flag in a 24-column gutter, the help wrapped beside or below it.
    static func entry(_ flag: String, _ help: String, width: Int) -> String {
        let indent = String(repeating: " ", count: 24)
        let head = "  " + flag
        if head.count <= 22 {
            let padded = head + String(repeating: " ", count: 24 - head.count)
            return TextWrap.wrap(help, width: width, prefix: indent, firstPrefix: padded).joined(separator: "\n") + "\n"
        }
        return head + "\n" + TextWrap.wrap(help, width: width, prefix: indent).joined(separator: "\n") + "\n"
    }
}
