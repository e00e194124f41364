/// An SSH (or x509) public key a user registered (nova/objects/keypair.py, KeyPair 1.4).
public struct KeyPair: NovaPersistentObject, Hashable {
    public static let objName = "KeyPair"
    public static let objVersion = "1.4"
    public static let fields: [Field] =
        NovaPersistentFields.fields + [
            Field("id", .int),
            Field("name", .string),
            Field("user_id", .string, nullable: true),
            Field("fingerprint", .string, nullable: true),
            Field("public_key", .string, nullable: true),
            Field("type", .enumeration(["ssh", "x509"])),
        ]
    public static let fieldVersions: [String: String] = ["type": "1.2"]

    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }

    public var id: Int {
        get { int("id") ?? 0 }
        set { set("id", newValue) }
    }
    public var name: String {
        get { string("name") ?? "" }
        set { set("name", newValue) }
    }
    public var userID: String? {
        get { string("user_id") }
        set { set("user_id", newValue) }
    }
    public var fingerprint: String? {
        get { string("fingerprint") }
        set { set("fingerprint", newValue) }
    }
    public var publicKey: String? {
        get { string("public_key") }
        set { set("public_key", newValue) }
    }
    /// `ssh` or `x509`.
    public var type: String {
        get { string("type") ?? "ssh" }
        set { set("type", newValue) }
    }
}

/// Nova's KeyPairList 1.3.
public struct KeyPairList: NovaObjectList, Hashable {
    public typealias Element = KeyPair
    public static let objName = "KeyPairList"
    public static let objVersion = "1.3"
    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }
}
