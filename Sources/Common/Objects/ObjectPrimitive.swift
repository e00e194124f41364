import Foundation

/// Converting objects to and from Nova's primitive form.
extension NovaObject {
    /// The primitive of this object, backported to `version` (nested objects stay at their own version:
    /// use `toPrimitive(manifest:)` to backport them too).
    public func toPrimitive(version target: ObjectVersion? = nil) -> JSONValue {
        var data = storage.values
        var version = Self.objVersion
        if let target, let mine = ObjectVersion(Self.objVersion), target < mine {
            // The hook sees the fields before they are dropped: a conversion may need them
            // (InstanceGroup turns `policy` into the older `policies`).
            Self.makeCompatible(data: &data, to: target)
            for (field, added) in Self.fieldVersions {
                if let a = ObjectVersion(added), a > target { data[field] = nil }
            }
            version = target.description
        }
        var p: [String: JSONValue] = [
            "nova_object.name": .string(Self.objName),
            "nova_object.namespace": .string(Self.objNamespace),
            "nova_object.version": .string(version),
            "nova_object.data": .object(data),
        ]
        let changed = storage.changes.filter { data[$0] != nil }
        if !changed.isEmpty { p["nova_object.changes"] = .array(changed.sorted().map { .string($0) }) }
        return .object(p)
    }

    /// Decodes a primitive of this exact type; refuses another name, a newer major version and bad field types.
    public static func fromPrimitive(_ p: JSONValue) throws(ObjectError) -> Self {
        guard let o = p.objectValue, let name = o["nova_object.name"]?.stringValue,
              let versionText = o["nova_object.version"]?.stringValue,
              let data = o["nova_object.data"]?.objectValue
        else { throw .notAnObject }
        guard name == objName else { throw .unknownObject(name) }
        guard let v = ObjectVersion(versionText), let mine = ObjectVersion(objVersion) else {
            throw .incompatibleVersion(name: name, version: versionText, supported: objVersion)
        }
        if v.major != mine.major {
            throw .incompatibleVersion(name: name, version: versionText, supported: objVersion)
        }
        let fmap = fieldMap
        var values: [String: JSONValue] = [:]
        for (k, val) in data {
            // Fields from a newer minor version are dropped: we cannot use what we do not know.
            guard let f = fmap[k] else { continue }
            values[k] = try coerce(val, field: f)
        }
        let changes = Set(o["nova_object.changes"]?.arrayValue?.compactMap { $0.stringValue } ?? [])
        return Self(storage: ObjectStorage(values: values, changes: changes.filter { values[$0] != nil }))
    }

    static func coerce(_ v: JSONValue, field f: Field) throws(ObjectError) -> JSONValue {
        func bad(_ r: String) -> ObjectError { .invalidField(object: objName, field: f.name, reason: r) }
        if v.isNull {
            guard f.nullable else { throw bad("null is not allowed") }
            return v
        }
        switch f.type {
        case .dateTime:
            // Any ISO 8601 form Nova writes is accepted; storage keeps one canonical text.
            guard let text = v.stringValue, let d = NovaTime.parse(text) else { throw bad("expected a datetime") }
            return .string(NovaTime.format(d))
        case .string, .uuid:
            switch v {
            case .string: return v
            case .int(let i): return .string(String(i))
            default: throw bad("expected a string")
            }
        case .enumeration(let choices):
            guard let s = v.stringValue, choices.contains(s) else { throw bad("expected one of \(choices)") }
            return v
        case .int:
            if let i = v.intValue { return .int(i) }
            if let s = v.stringValue, let i = Int(s) { return .int(i) }
            throw bad("expected an integer")
        case .float:
            if let d = v.doubleValue { return .double(d) }
            throw bad("expected a number")
        case .bool:
            if let b = v.boolValue { return .bool(b) }
            throw bad("expected a boolean")
        case .stringDict:
            guard let o = v.objectValue else { throw bad("expected a dict") }
            var out: [String: JSONValue] = [:]
            for (k, x) in o {
                switch x {
                case .string: out[k] = x
                case .null: out[k] = x
                default: out[k] = .string(x.serialized())
                }
            }
            return .object(out)
        case .stringList:
            guard let a = v.arrayValue, a.allSatisfy({ $0.stringValue != nil }) else {
                throw bad("expected a list of strings")
            }
            return v
        case .intList:
            guard let a = v.arrayValue, a.allSatisfy({ $0.intValue != nil }) else {
                throw bad("expected a list of integers")
            }
            return v
        case .json:
            return v
        case .object(let name):
            guard let o = v.objectValue, o["nova_object.name"]?.stringValue == name else {
                throw bad("expected a \(name) object")
            }
            // Validate nested objects when their type is registered.
            _ = try ObjectRegistry.decode(v)
            return v
        case .objectList(let name):
            guard let a = v.arrayValue else { throw bad("expected a list of \(name)") }
            for e in a {
                guard e.objectValue?["nova_object.name"]?.stringValue == name else {
                    throw bad("expected a list of \(name)")
                }
                _ = try ObjectRegistry.decode(e)
            }
            return v
        }
    }
}

/// Known object types, by name, so a primitive can become the right type.
public enum ObjectRegistry {
    public static func type(named name: String) -> (any NovaObject.Type)? { registered[name] }

    public static func decode(_ p: JSONValue) throws(ObjectError) -> any NovaObject {
        guard let name = p["nova_object.name"]?.stringValue else { throw .notAnObject }
        guard let t = registered[name] else { throw .unknownObject(name) }
        return try t.fromPrimitive(p)
    }

    /// Every object type the services exchange. New objects are added here.
    static let registered: [String: any NovaObject.Type] = {
        var m: [String: any NovaObject.Type] = [:]
        for t in allObjectTypes { m[t.objName] = t }
        return m
    }()
}
