import Common
import Foundation

/// Validates request bodies and query parameters against a `Schema`, with Nova's messages:
/// `Invalid input for field/attribute <f>. Value: <v>. <reason>` (body) and
/// `Invalid input for query parameters <p>. Value: <v>. <reason>` (query), the reason worded as
/// Python's jsonschema words it.
public enum SchemaValidator {
    /// One failure: where (keys and indexes from the root), the value there, jsonschema's message.
    public struct Failure: Error, Sendable, Equatable {
        public enum PathElement: Sendable, Equatable, CustomStringConvertible {
            case key(String)
            case index(Int)
            public var description: String {
                switch self {
                case .key(let k): k
                case .index(let i): String(i)
                }
            }
        }
        public let path: [PathElement]
        public let instance: JSONValue
        public let message: String
    }

    /// Validates a body; throws 400 with Nova's message.
    public static func validateBody(_ value: JSONValue, _ schema: Schema) throws(APIError) {
        guard let f = firstFailure(value, schema) else { return }
        guard let last = f.path.last else { throw .badRequest(f.message) }
        throw .badRequest(
            "Invalid input for field/attribute \(last). Value: \(PythonRepr.str(f.instance)). \(f.message)")
    }

    /// Validates query parameters (as `{"name": ["v1", ...]}`); throws 400 with Nova's message.
    public static func validateQuery(_ query: QueryParameters, _ schema: Schema) throws(APIError) {
        guard let f = firstFailure(query.asJSON, schema) else { return }
        guard let first = f.path.first else { throw .badRequest(f.message) }
        throw .badRequest(
            "Invalid input for query parameters \(first). Value: \(PythonRepr.str(f.instance)). \(f.message)")
    }

    /// The first failure in jsonschema's keyword order, or nil when the value is valid.
    public static func firstFailure(_ value: JSONValue, _ schema: Schema) -> Failure? {
        var path: [Failure.PathElement] = []
        return check(value, schema, &path)
    }

    static func check(_ v: JSONValue, _ s: Schema, _ path: inout [Failure.PathElement]) -> Failure? {
        let here = path
        let fail = { (message: String) in Failure(path: here, instance: v, message: message) }
        if let types = s.types, !types.contains(where: { matches(v, $0) }) {
            let names = types.map { PythonRepr.quote($0.rawValue) }.joined(separator: ", ")
            return fail("\(PythonRepr.repr(v)) is not of type \(names)")
        }
        if let values = s.enumValues, !values.contains(where: { equalLikePython($0, v) }) {
            return fail("\(PythonRepr.repr(v)) is not one of \(PythonRepr.repr(.array(values)))")
        }
        if let f = checkString(v, s, fail) { return f }
        if let f = checkNumber(v, s, fail) { return f }
        if case .object(let o) = v, let f = checkObject(o, s, &path, fail) { return f }
        if case .array(let a) = v, let f = checkArray(a, s, &path, fail) { return f }
        if !s.anyOf.isEmpty, !s.anyOf.contains(where: { firstFailure(v, $0) == nil }) {
            return fail("\(PythonRepr.repr(v)) is not valid under any of the given schemas")
        }
        if !s.oneOf.isEmpty {
            let passing = s.oneOf.filter { firstFailure(v, $0) == nil }.count
            if passing == 0 { return fail("\(PythonRepr.repr(v)) is not valid under any of the given schemas") }
            if passing > 1 { return fail("\(PythonRepr.repr(v)) is valid under each of the given schemas") }
        }
        return nil
    }

    static func checkString(_ v: JSONValue, _ s: Schema, _ fail: (String) -> Failure) -> Failure? {
        guard case .string(let str) = v else { return nil }
        let count = str.unicodeScalars.count
        if let min = s.minLength, count < min {
            return fail("\(PythonRepr.repr(v)) \(min == 1 ? "should be non-empty" : "is too short")")
        }
        if let max = s.maxLength, count > max {
            return fail("\(PythonRepr.repr(v)) \(max == 0 ? "is expected to be empty" : "is too long")")
        }
        if let p = s.pattern, !RegexCache.search(p, in: str) {
            return fail("\(PythonRepr.repr(v)) does not match \(PythonRepr.quote(p))")
        }
        if s.format == "uuid", UUID(uuidString: str) == nil, UUID(uuidString: hyphenated(str)) == nil {
            return fail("\(PythonRepr.repr(v)) is not a 'uuid'")
        }
        return nil
    }

    /// Nova compares numbers given as strings (`"5"`) against minimum/maximum as numbers.
    static func checkNumber(_ v: JSONValue, _ s: Schema, _ fail: (String) -> Failure) -> Failure? {
        guard s.minimum != nil || s.maximum != nil else { return nil }
        let number: JSONValue
        switch v {
        case .int, .double: number = v
        case .string(let str):
            if let i = Int(str.trimmingSpaces) {
                number = .int(i)
            } else if let d = Double(str) {
                number = .double(d)
            } else {
                return nil
            }
        default: return nil
        }
        guard let d = number.doubleValue else { return nil }
        if let min = s.minimum, d < min {
            return fail("\(PythonRepr.repr(number)) is less than the minimum of \(limit(min))")
        }
        if let max = s.maximum, d > max {
            return fail("\(PythonRepr.repr(number)) is greater than the maximum of \(limit(max))")
        }
        return nil
    }

    static func checkObject(
        _ o: [String: JSONValue], _ s: Schema, _ path: inout [Failure.PathElement],
        _ fail: (String) -> Failure
    ) -> Failure? {
        for (name, sub) in s.properties {
            guard let child = o[name] else { continue }
            path.append(.key(name))
            defer { path.removeLast() }
            if let f = check(child, sub, &path) { return f }
        }
        for (pattern, sub) in s.patternProperties {
            for key in o.keys.sorted() where RegexCache.search(pattern, in: key) {
                path.append(.key(key))
                defer { path.removeLast() }
                if let f = check(o[key]!, sub, &path) { return f }
            }
        }
        for name in s.required where o[name] == nil { return fail("\(PythonRepr.quote(name)) is a required property") }
        if let min = s.minProperties, o.count < min {
            return fail(
                "\(PythonRepr.repr(.object(o))) \(min == 1 ? "should be non-empty" : "does not have enough properties")"
            )
        }
        if let max = s.maxProperties, o.count > max {
            return fail("\(PythonRepr.repr(.object(o))) has too many properties")
        }
        let known = Set(s.properties.map(\.0))
        let extras = o.keys.filter { key in
            !known.contains(key) && !s.patternProperties.contains { RegexCache.search($0.0, in: key) }
        }.sorted()
        guard !extras.isEmpty else { return nil }
        switch s.additionalProperties {
        case .allowed: return nil
        case .forbidden:
            if !s.patternProperties.isEmpty {
                let patterns = s.patternProperties.map { PythonRepr.quote($0.0) }.joined(separator: ", ")
                let verb = extras.count == 1 ? "does" : "do"
                return fail(
                    "\(extras.map(PythonRepr.quote).joined(separator: ", ")) \(verb) not match any of "
                        + "the regexes: \(patterns)")
            }
            let verb = extras.count == 1 ? "was" : "were"
            return fail(
                "Additional properties are not allowed (\(extras.map(PythonRepr.quote).joined(separator: ", ")) "
                    + "\(verb) unexpected)")
        case .schema(let box):
            for key in extras {
                path.append(.key(key))
                defer { path.removeLast() }
                if let f = check(o[key]!, box.schema, &path) { return f }
            }
            return nil
        }
    }

    static func checkArray(
        _ a: [JSONValue], _ s: Schema, _ path: inout [Failure.PathElement],
        _ fail: (String) -> Failure
    ) -> Failure? {
        if let items = s.items {
            for (i, item) in a.enumerated() {
                path.append(.index(i))
                defer { path.removeLast() }
                if let f = check(item, items.schema, &path) { return f }
            }
        }
        if let min = s.minItems, a.count < min {
            return fail("\(PythonRepr.repr(.array(a))) \(min == 1 ? "should be non-empty" : "is too short")")
        }
        if let max = s.maxItems, a.count > max { return fail("\(PythonRepr.repr(.array(a))) is too long") }
        if s.uniqueItems, Set(a).count != a.count {
            return fail("\(PythonRepr.repr(.array(a))) has non-unique elements")
        }
        return nil
    }

    static func matches(_ v: JSONValue, _ t: Schema.JSONType) -> Bool {
        switch (t, v) {
        case (.string, .string), (.boolean, .bool), (.object, .object), (.array, .array), (.null, .null): true
        case (.integer, .int): true
        case (.integer, .double(let d)): d.rounded() == d
        case (.number, .int), (.number, .double): true
        default: false
        }
    }

    /// Python's `==` as `enum` uses it: `1 == 1.0`, but `True` is not the string "True".
    static func equalLikePython(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = a.doubleValue, let y = b.doubleValue { return x == y }
        return a == b
    }

    static func limit(_ d: Double) -> String {
        d.rounded() == d && abs(d) < 1e16 ? String(Int(d)) : "\(d)"
    }

    static func hyphenated(_ s: String) -> String {
        let c = Array(s)
        guard c.count == 32 else { return s }
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-"
            + String(c[20...])
    }
}
