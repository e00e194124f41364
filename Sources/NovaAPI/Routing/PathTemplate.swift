/// A route path such as `/servers/{server_id}/action`: literal segments and named parameters.
public struct PathTemplate: Sendable, Hashable, CustomStringConvertible {
    public enum Segment: Sendable, Hashable {
        case literal(String)
        case parameter(String)
    }

    public let segments: [Segment]
    public let text: String

    public init(_ text: String) {
        self.text = text
        segments = text.split(separator: "/").map { part in
            if part.hasPrefix("{") && part.hasSuffix("}") { return .parameter(String(part.dropFirst().dropLast())) }
            return .literal(String(part))
        }
    }

    public var description: String { text }

    public var parameterNames: [String] {
        segments.compactMap { if case .parameter(let n) = $0 { n } else { nil } }
    }

    /// Splits a request path into decoded segments; nil for an empty segment (`//`), which never routes.
    static func split(_ path: String) -> [String]? {
        var trimmed = Substring(path)
        if trimmed.hasPrefix("/") { trimmed = trimmed.dropFirst() }
        if trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        if trimmed.isEmpty { return [] }
        let raw = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        if raw.contains(where: \.isEmpty) { return nil }
        return raw.map { PercentDecoding.decode($0, plusAsSpace: false) }
    }
}
