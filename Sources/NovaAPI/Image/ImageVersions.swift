import Common

/// Glance's version list (`GET /image` answers 300 with it, `GET /image/versions` 200). We claim v2.0
/// only: the read subset served here is what every v2 minor version has.
enum ImageVersions {
    static func all(imageURL: String) -> JSONValue {
        [
            "versions": [
                ["id": "v2.0", "status": "CURRENT", "links": [["rel": "self", "href": .string(imageURL + "/v2/")]]]
            ]
        ]
    }
}
