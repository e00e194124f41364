/// Start-up configuration failures. Services print `description` and exit with status 2.
public enum ConfigError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A value that does not parse: names the file, section, option and what was expected.
    case invalidValue(file: String, section: String, option: String, reason: String)
    case unreadableFile(path: String, reason: String)
    case syntax(INIFile.ParseError)
    case badArgument(String)
    case missingRequired(section: String, option: String)

    public var description: String {
        switch self {
        case .invalidValue(let file, let section, let option, let reason):
            "Invalid value for option \(option) in section [\(section)] of \(file): \(reason)"
        case .unreadableFile(let path, let reason): "Cannot read config file \(path): \(reason)"
        case .syntax(let e): "Syntax error in config file \(e.path) at line \(e.line): \(e.reason)"
        case .badArgument(let a): a
        case .missingRequired(let section, let option):
            "Required option \(option) in section [\(section)] is not set"
        }
    }

    public static let exitCode: Int32 = 2
}
