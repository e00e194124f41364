/// Reads the requested microversion from `OpenStack-API-Version: compute X` or the legacy
/// `X-OpenStack-Nova-API-Version: X`, as microversion_parse and Nova's `set_api_version_request` do.
public struct MicroversionNegotiator: Sendable {
    public static let header = "OpenStack-API-Version"
    public static let legacyHeader = "X-OpenStack-Nova-API-Version"
    public static let defaultVersion = Microversion(2, 1)

    public let minimum: Microversion
    public let maximum: Microversion

    public init(minimum: Microversion = .minimum, maximum: Microversion = .maximum) {
        self.minimum = minimum
        self.maximum = maximum
    }

    /// Why a header was refused. `echo` is the version Nova still reports back (it records an
    /// out-of-range version before refusing it, so its 406 answer names that version in the headers).
    public struct Refusal: Error, Sendable {
        public let error: APIError
        public let echo: Microversion?
    }

    public func negotiate(_ headers: HTTPHeaders) -> Result<Microversion, Refusal> {
        guard let text = Self.requestedVersion(headers) else { return .success(Self.defaultVersion) }
        if text.lowercased() == "latest" { return .success(maximum) }
        guard let version = Microversion(parsing: text) else {
            return .failure(
                Refusal(
                    error: .badRequest(
                        "API Version String \(text) is of invalid format. Must be of format MajorNum.MinorNum."),
                    echo: nil))
        }
        guard version.matches(minimum, maximum) else {
            return .failure(
                Refusal(
                    error: APIError(
                        status: 406,
                        message: "Version \(version) is not supported by the API. "
                            + "Minimum is \(minimum) and maximum is \(maximum)."
                    ),
                    echo: version))
        }
        return .success(version)
    }

    /// The version string asked for, or nil when the request names none for `compute`.
    static func requestedVersion(_ headers: HTTPHeaders) -> String? {
        let values = headers.values(header)
        if !values.isEmpty {
            for item in values.joined(separator: ",").split(separator: ",") {
                let words = item.split(whereSeparator: { $0 == " " || $0 == "\t" })
                if words.count == 2, words[0].lowercased() == "compute" { return String(words[1]) }
            }
        }
        if let legacy = headers[legacyHeader]?.trimmingSpaces, !legacy.isEmpty { return legacy }
        return nil
    }

    /// Headers every answer of a versioned resource carries.
    public static func responseHeaders(_ version: Microversion) -> [(String, String)] {
        [(header, "compute \(version)"), (legacyHeader, "\(version)"), ("Vary", header), ("Vary", legacyHeader)]
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
