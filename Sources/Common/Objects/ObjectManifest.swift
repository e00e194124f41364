/// Backporting a whole object tree to what a peer knows, as Nova's `obj_to_primitive(version_manifest=)`:
/// each object, nested ones included, goes at the version the manifest gives for its name.
extension NovaObject {
    /// The primitive for a peer whose object versions are `manifest` (`{"Flavor": 1.1, ...}`); names the
    /// manifest does not list go at our version. `version` overrides the manifest for this object only.
    public func toPrimitive(manifest: [String: ObjectVersion], version: ObjectVersion? = nil) -> JSONValue {
        let p = toPrimitive(version: version ?? manifest[Self.objName])
        guard var o = p.objectValue, var data = o["nova_object.data"]?.objectValue else { return p }
        for f in Self.fields {
            guard let v = data[f.name], !v.isNull else { continue }
            switch f.type {
            case .object:
                data[f.name] = Self.backport(v, manifest)
            case .objectList:
                if let a = v.arrayValue { data[f.name] = .array(a.map { Self.backport($0, manifest) }) }
            default:
                break
            }
        }
        o["nova_object.data"] = .object(data)
        return .object(o)
    }

    private static func backport(_ p: JSONValue, _ manifest: [String: ObjectVersion]) -> JSONValue {
        // Nested primitives were validated when set or decoded; one we cannot decode goes as it is.
        guard let child = try? ObjectRegistry.decode(p) else { return p }
        return child.toPrimitive(manifest: manifest)
    }
}

extension ObjectRegistry {
    /// Every registered object's current version: what we tell peers we understand.
    public static var manifest: [String: ObjectVersion] {
        var m: [String: ObjectVersion] = [:]
        for (name, t) in registered { m[name] = ObjectVersion(t.objVersion) }
        return m
    }
}
