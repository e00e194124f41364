import Common
import Foundation

/// `nova-manage config sample [--output-file PATH]`: the sample config generated from the option declarations
/// (what `scripts/gen-config.sh` writes to etc/nova/nova.conf.sample).
enum ConfigCommands {
    static let usage = "usage: nova-manage config sample [--output-file PATH]\n"

    /// Runs `nova-manage config <arguments>`; returns the exit status (2 for bad usage, 1 if the file fails).
    static func run(_ arguments: [String]) -> Int32 {
        guard arguments.first == "sample" else { return fail("unknown or missing config command") }
        var output: String?
        var rest = arguments.dropFirst()
        while let arg = rest.popFirst() {
            switch arg {
            case "--output-file", "--output_file":
                guard let path = rest.popFirst() else { return fail("--output-file needs a path") }
                output = path
            case _ where arg.hasPrefix("--output-file="):
                output = String(arg.dropFirst("--output-file=".count))
            default:
                return fail("unrecognized argument \(arg)")
            }
        }
        let sample = ConfigSampleGenerator.render(NovaOptions.all)
        guard let path = output else {
            FileHandle.standardOutput.write(Data(sample.utf8))
            return 0
        }
        do { try sample.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            FileHandle.standardError.write(Data("nova-manage: cannot write \(path): \(error)\n".utf8))
            return 1
        }
        return 0
    }

    private static func fail(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data("nova-manage config: \(message)\n\(usage)".utf8))
        return 2
    }
}
