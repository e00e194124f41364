import Common

/// A JSON-schema subset, enough for Nova's API schemas (nova/api/openstack/compute/schemas/*.py):
/// types, properties (ordered), required, additionalProperties, patternProperties, string length and
/// pattern, enums, numeric ranges (numbers given as strings are compared as numbers, as Nova does),
/// arrays, `uuid` format and anyOf/oneOf.
public struct Schema: Sendable {
    public enum JSONType: String, Sendable {
        case string, integer, number, boolean, object, array, null
    }

    public enum Additional: Sendable {
        case allowed
        case forbidden
        case schema(Box)
    }

    /// Indirection for recursive members.
    public final class Box: Sendable {
        public let schema: Schema
        public init(_ schema: Schema) { self.schema = schema }
    }

    public var types: [JSONType]? = nil
    public var properties: [(String, Schema)] = []
    public var required: [String] = []
    public var additionalProperties: Additional = .allowed
    public var patternProperties: [(String, Schema)] = []
    public var minProperties: Int? = nil
    public var maxProperties: Int? = nil
    public var minLength: Int? = nil
    public var maxLength: Int? = nil
    public var pattern: String? = nil
    public var format: String? = nil
    public var enumValues: [JSONValue]? = nil
    public var minimum: Double? = nil
    public var maximum: Double? = nil
    public var items: Box? = nil
    public var minItems: Int? = nil
    public var maxItems: Int? = nil
    public var uniqueItems = false
    public var anyOf: [Schema] = []
    public var oneOf: [Schema] = []

    public init() {}

    // MARK: builders

    public static let any = Schema()

    public static func object(
        _ properties: [(String, Schema)], required: [String] = [],
        additionalProperties: Bool = false
    ) -> Schema {
        var s = Schema()
        s.types = [.object]
        s.properties = properties
        s.required = required
        s.additionalProperties = additionalProperties ? .allowed : .forbidden
        return s
    }

    /// An object whose keys match patterns (metadata: `{"^[a-zA-Z0-9-_:. ]{1,255}$": string}`).
    public static func map(pattern: String, values: Schema, maxProperties: Int? = nil) -> Schema {
        var s = Schema()
        s.types = [.object]
        s.patternProperties = [(pattern, values)]
        s.additionalProperties = .forbidden
        s.maxProperties = maxProperties
        return s
    }

    public static func string(
        minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil,
        format: String? = nil
    ) -> Schema {
        var s = Schema()
        s.types = [.string]
        s.minLength = minLength
        s.maxLength = maxLength
        s.pattern = pattern
        s.format = format
        return s
    }

    /// Nova's integer parameter types: an integer, or a string of digits, within a range.
    public static func integer(minimum: Int? = nil, maximum: Int? = nil, allowStrings: Bool = true) -> Schema {
        var s = Schema()
        s.types = allowStrings ? [.integer, .string] : [.integer]
        if allowStrings { s.pattern = minimum.map { $0 >= 0 } ?? false ? "^[0-9]*$" : "^-?[0-9]+$" }
        if allowStrings { s.minLength = 1 }
        s.minimum = minimum.map(Double.init)
        s.maximum = maximum.map(Double.init)
        return s
    }

    public static func number(minimum: Double? = nil, maximum: Double? = nil) -> Schema {
        var s = Schema()
        s.types = [.number, .string]
        s.minimum = minimum
        s.maximum = maximum
        return s
    }

    public static let boolean: Schema = {
        var s = Schema()
        s.types = [.boolean]
        return s
    }()
    public static let null: Schema = {
        var s = Schema()
        s.types = [.null]
        return s
    }()

    /// Nova's `parameter_types.boolean`: true/false and their usual string spellings.
    public static let booleanLike: Schema = {
        var s = Schema()
        s.types = [.boolean, .string]
        s.enumValues = [
            true, "True", "TRUE", "true", "1", "ON", "On", "on", "YES", "Yes", "yes",
            false, "False", "FALSE", "false", "0", "OFF", "Off", "off", "NO", "No", "no",
        ]
        return s
    }()

    public static func enumeration(_ values: [JSONValue]) -> Schema {
        var s = Schema()
        s.enumValues = values
        return s
    }

    public static func array(
        _ items: Schema, minItems: Int? = nil, maxItems: Int? = nil,
        uniqueItems: Bool = false
    ) -> Schema {
        var s = Schema()
        s.types = [.array]
        s.items = Box(items)
        s.minItems = minItems
        s.maxItems = maxItems
        s.uniqueItems = uniqueItems
        return s
    }

    public static func anyOf(_ schemas: [Schema]) -> Schema {
        var s = Schema()
        s.anyOf = schemas
        return s
    }
    public static func oneOf(_ schemas: [Schema]) -> Schema {
        var s = Schema()
        s.oneOf = schemas
        return s
    }

    /// Nova's `multi_params`: a query parameter given one or more times.
    public static func multi(_ item: Schema) -> Schema { .array(item) }

    /// Adds `null` to the accepted types.
    public func nullable() -> Schema {
        var s = self
        if let t = s.types, !t.contains(.null) { s.types = t + [.null] }
        if var e = s.enumValues, !e.contains(.null) {
            e.append(.null)
            s.enumValues = e
        }
        return s
    }
}
