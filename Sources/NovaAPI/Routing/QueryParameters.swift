import Common

/// A parsed query string: keys may repeat (`?status=ACTIVE&status=ERROR`), order is kept.
public struct QueryParameters: Sendable, Equatable {
    public private(set) var pairs: [(key: String, value: String)]

    public init(_ pairs: [(String, String)] = []) { self.pairs = pairs.map { (key: $0.0, value: $0.1) } }

    /// Parses `a=1&b=x%20y&a=2`; a key without `=` has an empty value (as `keep_blank_values`).
    public init(parsing query: String?) {
        pairs = []
        guard let query, !query.isEmpty else { return }
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            if let eq = part.firstIndex(of: "=") {
                pairs.append(
                    (
                        key: PercentDecoding.decode(part[..<eq], plusAsSpace: true),
                        value: PercentDecoding.decode(part[part.index(after: eq)...], plusAsSpace: true)
                    ))
            } else {
                pairs.append((key: PercentDecoding.decode(part, plusAsSpace: true), value: ""))
            }
        }
    }

    /// The last value given for a key (webob's `GET[key]` picks the last one too).
    public subscript(key: String) -> String? { pairs.last { $0.key == key }?.value }

    public func all(_ key: String) -> [String] { pairs.filter { $0.key == key }.map(\.value) }

    public func contains(_ key: String) -> Bool { pairs.contains { $0.key == key } }

    public var keys: [String] {
        var seen = Set<String>()
        return pairs.map(\.key).filter { seen.insert($0).inserted }
    }

    public var isEmpty: Bool { pairs.isEmpty }

    /// `{"key": ["v1", "v2"]}`, the shape Nova's query-parameter schemas validate.
    public var asJSON: JSONValue {
        var o: [String: JSONValue] = [:]
        for key in keys { o[key] = .array(all(key).map { .string($0) }) }
        return .object(o)
    }

    /// Re-encodes the query (for next links), as Python's `urlencode`.
    public func encoded() -> String {
        pairs.map {
            PercentDecoding.encodeQueryComponent($0.key) + "=" + PercentDecoding.encodeQueryComponent($0.value)
        }
        .joined(separator: "&")
    }

    public static func == (a: QueryParameters, b: QueryParameters) -> Bool {
        a.pairs.map(\.key) == b.pairs.map(\.key) && a.pairs.map(\.value) == b.pairs.map(\.value)
    }
}
