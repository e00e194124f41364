/// Renders option declarations as a commented sample config in oslo-config-generator's layout: `[DEFAULT]`
/// first and the other groups sorted, each option with its help wrapped at 70 columns, its type, bounds,
/// choices, whether it is mutable, its deprecated names and its default as a commented-out assignment.
public enum ConfigSampleGenerator {
    public static let wrapWidth = 70

    /// The whole sample. Deterministic: the same declarations give the same bytes on any machine.
    public static func render(_ definitions: [OptDefinition]) -> String {
        var out = ""
        for (group, opts) in grouped(definitions) {
            out += "[\(group)]\n\n"
            for opt in opts { out += render(opt) + "\n" }
        }
        return out
    }

    /// Options by group, `DEFAULT` first then by name; declaration order within a group, first declaration
    /// of a repeated name wins (as `Config` keeps one definition per name).
    static func grouped(_ definitions: [OptDefinition]) -> [(String, [OptDefinition])] {
        var byGroup: [String: [OptDefinition]] = [:]
        var seen: Set<OptDefinition.Key> = []
        for def in definitions where seen.insert(def.key).inserted { byGroup[def.group, default: []].append(def) }
        let names = byGroup.keys.sorted { a, b in a == "DEFAULT" ? b != "DEFAULT" : (b == "DEFAULT" ? false : a < b) }
        return names.map { ($0, byGroup[$0]!) }
    }

    /// One option's block, ending with its `#name = default` line.
    public static func render(_ opt: OptDefinition) -> String {
        var lines = ["#"]
        lines += TextWrap.wrapParagraphs("\(opt.help) (\(opt.kind.typeName))", width: wrapWidth, prefix: "# ")
        let (lo, hi) = bounds(opt.kind)
        if let lo { lines.append("# Minimum value: \(lo)") }
        if let hi { lines.append("# Maximum value: \(hi)") }
        if case .choices(let choices) = opt.kind {
            lines.append("# Possible values:")
            for c in choices { lines.append("# \(c) - <No description provided>") }
        }
        if opt.mutable { lines.append("# Note: This option can be changed without restarting.") }
        for d in opt.deprecatedNames { lines.append("# Deprecated group/name - [\(d.group)]/\(d.name)") }
        let value = sampleValue(opt)
        lines.append("#\(opt.name) =" + (value.isEmpty ? "" : " " + value))
        return lines.joined(separator: "\n") + "\n"
    }

    /// The limits the type enforces, as the sample prints them (a port is 0...65535).
    static func bounds(_ kind: OptKind) -> (String?, String?) {
        switch kind {
        case .int(let lo, let hi): (lo.map { String($0) }, hi.map { String($0) })
        case .float(let lo, let hi): (lo.map { String($0) }, hi.map { String($0) })
        case .port: ("0", "65535")
        default: (nil, nil)
        }
    }

    /// The default as oslo writes it: `<None>` when unset, quotes around a string with edge whitespace.
    static func sampleValue(_ opt: OptDefinition) -> String {
        if let s = opt.sampleDefault { return s }
        guard let v = opt.defaultValue else { return "<None>" }
        let text = v.description
        if case .string = v, let f = text.first, let l = text.last, f.isWhitespace || l.isWhitespace {
            return "\"\(text)\""
        }
        return text
    }
}
