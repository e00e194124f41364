/// `limit` and `marker` of a collection request, as Nova's `common.get_limit_and_marker`: the limit is
/// capped at `[api] max_limit` (and defaults to it); a limit that is not a non-negative integer is a 400.
public struct Pagination: Sendable, Equatable {
    /// How many items to return at most.
    public let limit: Int
    /// The id of the last item the client has seen.
    public let marker: String?

    public init(limit: Int, marker: String?) {
        self.limit = limit
        self.marker = marker
    }

    public init(query: QueryParameters, maxLimit: Int) throws(APIError) {
        var limit = maxLimit
        if let text = query["limit"] { limit = min(maxLimit, try Pagination.nonNegativeInteger(text, name: "limit")) }
        self.init(limit: limit, marker: query["marker"])
    }

    /// Nova's `utils.validate_integer(value, name, min_value=0)` wrapped in InvalidInput.
    static func nonNegativeInteger(_ text: String, name: String) throws(APIError) -> Int {
        guard let value = Int(text.trimmingSpaces) else {
            throw .badRequest("Invalid input received: \(name) must be an integer")
        }
        guard value >= 0 else { throw .badRequest("Invalid input received: \(name) must be >= 0") }
        return value
    }
}

extension APIError {
    /// What Nova's list controllers answer for a marker that names nothing.
    public static func markerNotFound(_ marker: String) -> APIError { .badRequest("marker [\(marker)] not found") }
}
