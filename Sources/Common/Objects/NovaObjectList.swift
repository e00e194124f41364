/// Nova's `<Name>List` objects (InstanceList, ComputeNodeList, ...): a versioned wrapper whose only field,
/// `objects`, holds the elements' primitives, so lists cross the wire exactly as Nova sends them.
public protocol NovaObjectList: NovaObject, RandomAccessCollection where Index == Int, Element: NovaObject {}

extension NovaObjectList {
    public static var fields: [Field] { [Field("objects", .objectList(Element.objName), default: [])] }

    public init(objects: [Element]) {
        self.init()
        self.objects = objects
    }

    /// The elements, decoded from storage on each read: take a local copy when iterating often.
    public var objects: [Element] {
        get { objectList("objects") }
        set { set("objects", newValue) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.values["objects"]?.arrayValue?.count ?? 0 }

    public subscript(position: Int) -> Element {
        // The primitives were validated on the way in (fromPrimitive or the typed setter).
        guard let p = storage.values["objects"]?.arrayValue?[position], let e = try? Element.fromPrimitive(p) else {
            preconditionFailure("\(Self.objName).objects[\(position)] is not a \(Element.objName)")
        }
        return e
    }
}
