import Common

/// Builds the URLs Nova puts in bodies (`links`, `*_links`, version documents), from the request's
/// Host or from `[api] compute_link_prefix`, as Nova's `common.ViewBuilder`.
public struct LinkBuilder: Sendable, Equatable {
    /// Scheme, host and any path prefix, without a trailing slash (`http://127.0.0.1:8774`).
    public let baseURL: String
    /// `v2.1` (or `v2` for the legacy endpoint).
    public let versionPath: String
    /// Present when the request URL carried the project id, so links carry it too.
    public let projectIdInPath: String?

    public init(baseURL: String, versionPath: String = "v2.1", projectIdInPath: String? = nil) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.versionPath = versionPath
        self.projectIdInPath = projectIdInPath
    }

    /// From the request: `compute_link_prefix` when set, else `http://<Host>`.
    public init(
        request: HTTPRequest, linkPrefix: String?, versionPath: String = "v2.1",
        projectIdInPath: String? = nil
    ) {
        let base: String
        if let prefix = linkPrefix, !prefix.isEmpty {
            base = prefix
        } else {
            base = "http://" + (request.headers["Host"].flatMap { $0.isEmpty ? nil : $0 } ?? "localhost")
        }
        self.init(baseURL: base, versionPath: versionPath, projectIdInPath: projectIdInPath)
    }

    /// `http://host/v2.1`: Nova's `request.application_url`.
    public var applicationURL: String { baseURL + "/" + versionPath }

    public func selfLink(_ collection: String, _ id: String) -> String {
        join([applicationURL, projectIdInPath, collection, id])
    }

    /// The version-less link (`http://host/servers/<id>`).
    public func bookmarkLink(_ collection: String, _ id: String) -> String {
        join([baseURL, projectIdInPath, collection, id])
    }

    /// `[{"rel": "self", ...}, {"rel": "bookmark", ...}]`.
    public func links(_ collection: String, _ id: String) -> JSONValue {
        [
            ["rel": "self", "href": .string(selfLink(collection, id))],
            ["rel": "bookmark", "href": .string(bookmarkLink(collection, id))],
        ]
    }

    /// The `next` link for a page: the request's query, sorted, with `marker` set to the last id.
    public func nextLink(_ collection: String, marker: String, query: QueryParameters) -> String {
        var latest: [String: String] = [:]
        for (k, v) in query.pairs.sorted(by: { ($0.key, $0.value) < ($1.key, $1.value) }) { latest[k] = v }
        latest["marker"] = marker
        let encoded = QueryParameters(latest.keys.sorted().map { ($0, latest[$0]!) }).encoded()
        return join([applicationURL, projectIdInPath, collection]) + "?" + encoded
    }

    /// `*_links` for a page: a `next` link only when the page is full (its size equals the effective
    /// limit: the requested one capped at max_limit, or max_limit), as Nova's `_get_collection_links`.
    public func collectionLinks(
        _ collection: String, itemCount: Int, lastId: String?, query: QueryParameters,
        maxLimit: Int
    ) -> [JSONValue] {
        let requested = query["limit"].flatMap { Int($0.trimmingSpaces) } ?? maxLimit
        let maxItems = min(requested, maxLimit)
        guard maxItems > 0, maxItems == itemCount, let lastId else { return [] }
        return [["rel": "next", "href": .string(nextLink(collection, marker: lastId, query: query))]]
    }

    /// Whether `s` holds "://" (a URL with a scheme), without Foundation's locale-aware search.
    private static func hasScheme(_ s: String) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for c in s.utf8 {
            if previous == (UInt8(ascii: ":"), UInt8(ascii: "/")) && c == UInt8(ascii: "/") { return true }
            previous = (previous.1, c)
        }
        return false
    }

    private func join(_ parts: [String?]) -> String {
        parts.compactMap { $0 }.filter { !$0.isEmpty }.map { part -> String in
            var p = Substring(part)
            while p.hasSuffix("/") { p = p.dropLast() }
            if !Self.hasScheme(part) { while p.hasPrefix("/") { p = p.dropFirst() } }
            return String(p)
        }.joined(separator: "/")
    }
}
