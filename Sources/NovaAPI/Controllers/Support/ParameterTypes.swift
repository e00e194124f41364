import Common

/// Nova's common parameter schemas (nova/api/validation/parameter_types.py).
enum ParameterTypes {
    /// Printable characters, not starting or ending with a space (Nova's `valid_name_regex`).
    static let namePattern = "^(?!\\p{Zs})[^\\p{C}\\p{Zl}\\p{Zp}]*(?<!\\p{Zs})$"
    static let name = Schema.string(minLength: 1, maxLength: 255, pattern: namePattern)
    /// Legacy v2 names keep leading and trailing spaces.
    static let nameWithSpaces = Schema.string(minLength: 1, maxLength: 255, pattern: "^[^\\p{C}\\p{Zl}\\p{Zp}]*$")
    static let description = Schema.string(minLength: 0, maxLength: 255, pattern: "^[^\\p{C}\\p{Zl}\\p{Zp}]*$")
        .nullable()
    static let hostname = Schema.string(minLength: 1, maxLength: 255, pattern: "^[a-zA-Z0-9-._]*$")
    static let uuid = Schema.string(format: "uuid")
    static let positiveInteger: Schema = {
        var s = Schema.integer(minimum: 1)
        s.minLength = nil
        return s
    }()
    static let nonNegativeInteger: Schema = {
        var s = Schema.integer(minimum: 0)
        s.minLength = nil
        return s
    }()
    static let flavorRef: Schema = {
        var s = Schema()
        s.types = [.string, .integer]
        s.minLength = 1
        return s
    }()
    static let metadataKey = "^[a-zA-Z0-9-_:. ]{1,255}$"
    static let metadata = Schema.map(pattern: metadataKey, values: .string(maxLength: 255))
    static let metadataWithNull = Schema.map(pattern: metadataKey, values: Schema.string(maxLength: 255).nullable())
    static let tag = Schema.string(minLength: 1, maxLength: 60, pattern: "^[^,/]*$")
    /// A query parameter given any number of times (validated as a list of strings).
    static let queryParam = Schema.multi(.string())
    /// `limit` and `marker`.
    static let pagination: [(String, Schema)] = [
        ("limit", .multi(nonNegativeInteger)), ("marker", .multi(.string())),
    ]
    static let diskConfig = Schema.enumeration(["AUTO", "MANUAL"])
}

extension Schema {
    /// An object schema that only wraps one key (`{"server": {...}}`), as most Nova bodies are.
    static func wrapper(_ key: String, _ inner: Schema) -> Schema {
        .object([(key, inner)], required: [key])
    }
}
