/// A parsed option value.
public enum ConfigValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case int(Int)
    case float(Double)
    case bool(Bool)
    case list([String])

    public var description: String {
        switch self {
        case .string(let s): s
        case .int(let i): String(i)
        case .float(let d): String(d)
        case .bool(let b): b ? "true" : "false"
        case .list(let l): l.joined(separator: ",")
        }
    }
}

/// The type of an option and what values it accepts.
public enum OptKind: Sendable, Hashable {
    case string
    case int(min: Int?, max: Int?)
    case float(min: Double?, max: Double?)
    case bool
    case list
    case choices([String])
    case url
    case port
    case ipAddress
    /// A string never shown in logs (passwords, keys).
    case secret

    public var typeName: String {
        switch self {
        case .string, .secret: "string value"
        case .int: "integer value"
        case .float: "floating point value"
        case .bool: "boolean value"
        case .list: "list value"
        case .choices: "string value"
        case .url: "URI value"
        case .port: "port value"
        case .ipAddress: "IP address value"
        }
    }

    /// Parses text from a file or command line; the error text says what was expected.
    public func parse(_ raw: String) -> Result<ConfigValue, ConfigValueError> {
        let text = ConfigText.trim(raw)
        switch self {
        case .string, .secret:
            return .success(.string(raw))
        case .int(let lo, let hi):
            guard let v = Int(text) else { return .failure(.init("expected an integer, got '\(raw)'")) }
            if let lo, v < lo { return .failure(.init("\(v) is less than the minimum \(lo)")) }
            if let hi, v > hi { return .failure(.init("\(v) is greater than the maximum \(hi)")) }
            return .success(.int(v))
        case .float(let lo, let hi):
            guard let v = Double(text), v.isFinite else { return .failure(.init("expected a number, got '\(raw)'")) }
            if let lo, v < lo { return .failure(.init("\(v) is less than the minimum \(lo)")) }
            if let hi, v > hi { return .failure(.init("\(v) is greater than the maximum \(hi)")) }
            return .success(.float(v))
        case .bool:
            switch text.lowercased() {
            case "true", "yes", "on", "1": return .success(.bool(true))
            case "false", "no", "off", "0": return .success(.bool(false))
            default: return .failure(.init("expected a boolean (true/false), got '\(raw)'"))
            }
        case .list:
            if text.isEmpty { return .success(.list([])) }
            // Items may sit on continuation lines (`a,\n    b`): trimmed like values, so the line breaks go.
            let items = text.unicodeScalars.split(separator: ",").map { ConfigText.trim(Substring($0)) }
            return .success(.list(items.filter { !$0.isEmpty }))
        case .choices(let c):
            guard c.contains(text) else {
                return .failure(.init("expected one of \(c.joined(separator: ", ")), got '\(raw)'"))
            }
            return .success(.string(text))
        case .url:
            // A scheme (RFC 3986: a letter, then letters, digits, +, - or .), then `://`, and no space or
            // control character anywhere (a NUL would cut the text short in C libraries).
            guard let r = text.range(of: "://"), Self.isScheme(text[..<r.lowerBound]),
                  !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F })
            else {
                return .failure(.init("expected a URL such as scheme://host/path, got '\(raw)'"))
            }
            return .success(.string(text))
        case .port:
            guard let v = Int(text), (0...65535).contains(v) else {
                return .failure(.init("expected a port number 0-65535, got '\(raw)'"))
            }
            return .success(.int(v))
        case .ipAddress:
            // inet_pton reads a C string: a NUL inside would end it early and let trailing junk through.
            var a4 = in_addr()
            var a6 = in6_addr()
            if !text.utf8.contains(0), inet_pton(AF_INET, text, &a4) == 1 || inet_pton(AF_INET6, text, &a6) == 1 {
                return .success(.string(text))
            }
            return .failure(.init("expected an IP address, got '\(raw)'"))
        }
    }
}

extension OptKind {
    static func isScheme(_ s: Substring) -> Bool {
        guard let first = s.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic else { return false }
        return s.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0))
        }
    }
}

public struct ConfigValueError: Error, Sendable, Equatable {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
}

#if canImport(Glibc)
import Glibc
#endif
import Foundation
