/// Request ids as oslo.middleware's request_id middleware and Nova's compute_req_id handle them.
public enum RequestIDs {
    public static let inboundHeader = "X-OpenStack-Request-ID"
    public static let responseHeaders = ["x-openstack-request-id", "x-compute-request-id"]

    /// The caller's `X-OpenStack-Request-ID`, kept as the global request id when it has the form
    /// `req-<uuid>`; anything else is ignored.
    public static func globalRequestId(_ headers: HTTPHeaders) -> String? {
        guard let value = headers[inboundHeader]?.trimmingSpaces, isRequestId(value) else { return nil }
        return value
    }

    /// `req-` followed by a lowercase hex uuid (8-4-4-4-12).
    public static func isRequestId(_ value: String) -> Bool {
        guard value.hasPrefix("req-") else { return false }
        let groups = value.dropFirst(4).split(separator: "-", omittingEmptySubsequences: false)
        guard groups.map(\.count) == [8, 4, 4, 4, 12] else { return false }
        return groups.allSatisfy { $0.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) } }
    }
}
