import Common

/// The version discovery documents, shaped as Nova 34 answers them (nova-samples/root.json, v2.1.json).
public enum VersionDocuments {
    struct Entry {
        let id: String
        let status: String
        let version: String
        let minVersion: String
        let updated: String
        let mediaType: String
        let path: String
    }

    static func entries(maximum: Microversion) -> [Entry] {
        [
            Entry(
                id: "v2.0", status: "DEPRECATED", version: "", minVersion: "", updated: "2025-07-04T12:00:00Z",
                mediaType: "application/vnd.openstack.compute+json;version=2", path: "v2"),
            Entry(
                id: "v2.1", status: "CURRENT", version: "\(maximum)", minVersion: "\(Microversion.minimum)",
                updated: "2013-07-23T11:33:21Z", mediaType: "application/vnd.openstack.compute+json;version=2.1",
                path: "v2.1"),
        ]
    }

    /// `GET /`: `{"versions": [...]}`.
    public static func root(baseURL: String, maximum: Microversion) -> JSONValue {
        .object([
            "versions": .array(
                entries(maximum: maximum).map { e in
                    .object([
                        "id": .string(e.id), "status": .string(e.status), "version": .string(e.version),
                        "min_version": .string(e.minVersion), "updated": .string(e.updated),
                        "links": [["rel": "self", "href": .string(baseURL + "/" + e.path + "/")]],
                    ])
                })
        ])
    }

    /// Any other path outside a version (`GET /servers`): 300 Multiple Choices naming where it lives.
    public static func choices(baseURL: String, path: String, maximum: Microversion) -> JSONValue {
        let rest = path.split(separator: "/").joined(separator: "/")
        return .object([
            "choices": .array(
                entries(maximum: maximum).map { e in
                    .object([
                        "id": .string(e.id), "status": .string(e.status),
                        "links": [["rel": "self", "href": .string(baseURL + "/" + e.path + "/" + rest)]],
                        "media-types": [["base": "application/json", "type": .string(e.mediaType)]],
                    ])
                })
        ])
    }

    /// `GET /v2.1` (or `/v2`): `{"version": {...}}` with `media-types`.
    public static func version(_ id: String, baseURL: String, maximum: Microversion) -> JSONValue {
        let e = entries(maximum: maximum).first { $0.id == id } ?? entries(maximum: maximum)[1]
        return .object([
            "version": .object([
                "id": .string(e.id), "status": .string(e.status), "version": .string(e.version),
                "min_version": .string(e.minVersion), "updated": .string(e.updated),
                "links": [
                    ["rel": "self", "href": .string(baseURL + "/" + e.path + "/")],
                    ["rel": "describedby", "type": "text/html", "href": "http://docs.openstack.org/"],
                ],
                "media-types": [["base": "application/json", "type": .string(e.mediaType)]],
            ])
        ])
    }
}
