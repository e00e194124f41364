import Common
import Foundation

/// The options a command takes: those with a value and bare flags. Names are written with underscores;
/// on the command line `--max-rows` and `--max_rows` are the same option.
struct OptionSpec: Sendable {
    var valued: [String: String] = [:]
    var flags: [String: String] = [:]
    /// Options that must be given.
    var required: [String] = []

    /// `name → help` for options with a value, and for flags.
    init(valued: [String: String] = [:], flags: [String: String] = [:], required: [String] = []) {
        self.valued = valued
        self.flags = flags
        self.required = required
    }

    var usage: String {
        let req = Set(required)
        let v = valued.keys.sorted().map { name -> String in
            let o = "--\(name.replacingOccurrences(of: "_", with: "-")) \(name.uppercased())"
            return req.contains(name) ? o : "[\(o)]"
        }
        let f = flags.keys.sorted().map { "[--\($0.replacingOccurrences(of: "_", with: "-"))]" }
        return (v + f).joined(separator: " ")
    }

    var help: String {
        let all = valued.merging(flags) { a, _ in a }
        return all.keys.sorted().map { "  --\($0.replacingOccurrences(of: "_", with: "-")): \(all[$0] ?? "")" }
            .joined(separator: "\n")
    }
}

/// A bad command line: the message and the exit status 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// A command's parsed options, read with typed accessors that say what was wrong.
struct CommandOptions: Sendable {
    private(set) var values: [String: String] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positional: [String] = []

    static func parse(_ args: [String], _ spec: OptionSpec) throws(UsageError) -> CommandOptions {
        var out = CommandOptions()
        var i = 0
        while i < args.count {
            let a = args[i]
            i += 1
            guard a.hasPrefix("--"), a.count > 2 else {
                out.positional.append(a)
                continue
            }
            var name = String(a.dropFirst(2))
            var inline: String?
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            name = name.replacingOccurrences(of: "-", with: "_")
            if spec.flags[name] != nil {
                guard inline == nil else { throw UsageError("--\(name) takes no value") }
                out.flags.insert(name)
            } else if spec.valued[name] != nil {
                if let inline {
                    out.values[name] = inline
                } else {
                    guard i < args.count else { throw UsageError("--\(name) needs a value") }
                    out.values[name] = args[i]
                    i += 1
                }
            } else {
                throw UsageError("unknown option --\(name)")
            }
        }
        for r in spec.required where out.values[r] == nil {
            throw UsageError("--\(r.replacingOccurrences(of: "_", with: "-")) is required")
        }
        return out
    }

    func string(_ name: String) -> String? { values[name] }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    func int(_ name: String, min: Int = 0) throws(UsageError) -> Int? {
        guard let v = values[name] else { return nil }
        guard let n = Int(v), n >= min else { throw UsageError("--\(name) must be an integer >= \(min), got '\(v)'") }
        return n
    }

    func double(_ name: String, min: Double = 0) throws(UsageError) -> Double? {
        guard let v = values[name] else { return nil }
        guard let d = Double(v), d.isFinite, d > min else {
            throw UsageError("--\(name) must be a number > \(min), got '\(v)'")
        }
        return d
    }

    /// `YYYY-MM-DD`, or a full `YYYY-MM-DD[T ]HH:MM:SS[...]` (UTC unless it says otherwise).
    func date(_ name: String) throws(UsageError) -> Date? {
        guard let v = values[name] else { return nil }
        guard let d = NovaTime.parse(v) ?? NovaTime.parse(v + " 00:00:00") else {
            throw UsageError("--\(name) must be a date like 2026-11-22 or 2026-11-22T10:00:00, got '\(v)'")
        }
        return d
    }
}
