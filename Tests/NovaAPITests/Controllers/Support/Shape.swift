import Common

@testable import NovaAPI

/// Compares the shape of a body with a sample's: the same keys at every level, values of the same JSON
/// type (null matches anything nullable the sample shows as null, arrays compare their first element).
enum Shape {
    /// The differences, as paths (`server.flavor.links[0].href: missing`); empty when the shapes agree.
    /// Objects whose keys are data (user metadata, extra specs), compared by type only.
    static let freeForm: Set<String> = ["metadata", "extra_specs", "properties", "scheduler_hints", "addresses"]

    static func differences(_ actual: JSONValue, _ sample: JSONValue, path: String = "") -> [String] {
        let last = path.split(separator: ".").last.map(String.init) ?? ""
        switch (actual, sample) {
        case (.object, .object) where freeForm.contains(last): return []
        case (.object(let a), .object(let s)):
            var out: [String] = []
            for k in Set(a.keys).union(s.keys).sorted() {
                let p = path.isEmpty ? k : path + "." + k
                switch (a[k], s[k]) {
                case (nil, _): out.append("\(p): missing")
                case (_, nil): out.append("\(p): unexpected")
                case (let x?, let y?): out += differences(x, y, path: p)
                }
            }
            return out
        case (.array(let a), .array(let s)):
            guard let x = a.first, let y = s.first else { return [] }
            return differences(x, y, path: path + "[0]")
        case (_, .null), (.null, _): return []
        case (.int, .int), (.double, .double), (.string, .string), (.bool, .bool): return []
        case (.int, .double), (.double, .int): return []
        default: return ["\(path): \(kind(actual)) instead of \(kind(sample))"]
        }
    }

    static func kind(_ v: JSONValue) -> String {
        switch v {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .double: "double"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension HTTPResponse {
    /// The parsed body, `.null` when it is not JSON.
    var doc: JSONValue { json ?? .null }
    func header(_ name: String) -> String? { headers[name] }
}
