/// The image properties the scheduler and compute look at (nova/objects/image_meta.py ImageMetaProps).
///
/// Nova's ImageMetaProps has well over a hundred hw_/img_/os_ fields; we keep the few that
/// ImagePropertiesFilter and the fake driver read. Others in a primitive are dropped on decode.
public struct ImageMetaProps: NovaObject, Hashable {
    public static let objName = "ImageMetaProps"
    public static let objVersion = "1.36"
    public static let fields: [Field] = [
        Field("hw_architecture", .string),
        Field("img_hv_type", .string),
        Field("img_hv_requested_version", .string),
        Field("hw_vm_mode", .string),
        Field("hw_disk_bus", .string),
        Field("hw_machine_type", .string),
        Field("os_type", .string),
        Field("os_distro", .string),
    ]

    public var storage: ObjectStorage
    public init(storage: ObjectStorage) { self.storage = storage }

    /// Builds the props from a Glance-style `{key: value}` property dict, keeping the fields we know.
    public init(properties: [String: String]) {
        self.init()
        let known = Set(Self.fields.map(\.name))
        for (k, v) in properties where known.contains(k) { self[k] = .string(v) }
    }

    public var hwArchitecture: String? {
        get { string("hw_architecture") }
        set { setString("hw_architecture", newValue) }
    }
    public var imgHVType: String? {
        get { string("img_hv_type") }
        set { setString("img_hv_type", newValue) }
    }
    public var imgHVRequestedVersion: String? {
        get { string("img_hv_requested_version") }
        set { setString("img_hv_requested_version", newValue) }
    }
    public var hwVMMode: String? {
        get { string("hw_vm_mode") }
        set { setString("hw_vm_mode", newValue) }
    }
    public var hwDiskBus: String? {
        get { string("hw_disk_bus") }
        set { setString("hw_disk_bus", newValue) }
    }
    public var hwMachineType: String? {
        get { string("hw_machine_type") }
        set { setString("hw_machine_type", newValue) }
    }
    public var osType: String? {
        get { string("os_type") }
        set { setString("os_type", newValue) }
    }
    public var osDistro: String? {
        get { string("os_distro") }
        set { setString("os_distro", newValue) }
    }

    /// The fields are not nullable: nil unsets instead of storing a null.
    private mutating func setString(_ k: String, _ v: String?) {
        if let v {
            set(k, v)
        } else {
            storage.values[k] = nil
            storage.changes.remove(k)
        }
    }
}
