/// What the JSON reader and the versioned-object decoder promise for any bytes whatsoever, checked by the
/// libFuzzer target (`Fuzz/ObjectDecoder`, via `scripts/fuzz.sh`) and by the tests over its corpus:
/// - JSON that parses, written back out, parses to the same value;
/// - a primitive the registry accepts holds only known fields, each of its declared type (datetimes in
///   their one canonical text, within years 1-9999), nested objects included;
/// - a decoded object re-encodes to a primitive that decodes and re-encodes to the very same primitive,
///   also after crossing the wire as JSON text;
/// - backported to each older minor version it still decodes, without the fields that version lacks.
enum ObjectDecoderInvariants {
    /// The first broken promise for `input`, described, or nil when all hold.
    static func violation(in input: [UInt8]) -> String? {
        guard let json = try? JSONValue.parse(input) else { return nil }
        guard let again = try? JSONValue.parse(json.serializedBytes()), again == json else {
            return "JSON written back out reads differently: \(json.serialized().debugDescription)"
        }
        guard let object = try? ObjectRegistry.decode(json) else { return nil }
        return check(object, depth: 0)
    }

    static func check(_ object: any NovaObject, depth: Int) -> String? {
        let type = Swift.type(of: object)
        let name = type.objName
        if let problem = checkStorage(object.storage, of: type, depth: depth) { return "\(name): \(problem)" }
        let primitive = object.toPrimitive()
        guard primitive["nova_object.name"] == .string(name),
              primitive["nova_object.version"] == .string(type.objVersion)
        else { return "\(name) re-encodes under another name or version: \(primitive)" }
        let decoded: any NovaObject
        do { decoded = try ObjectRegistry.decode(primitive) } catch {
            return "\(name) re-encoded is refused: \(error)"
        }
        if decoded.toPrimitive() != primitive { return "\(name) decoded from its own primitive re-encodes differently" }
        guard let text = try? JSONValue.parse(primitive.serializedBytes()),
              let wired = try? ObjectRegistry.decode(text), wired.toPrimitive() == primitive
        else { return "\(name) does not survive the wire as JSON text" }
        if let list = object as? any NovaObjectList, let problem = touchElements(list) { return problem }
        return checkBackports(object)
    }

    /// Every element of a list reads back through the typed accessors.
    static func touchElements<L: NovaObjectList>(_ list: L) -> String? {
        let raw = list.storage.values["objects"]?.arrayValue ?? []
        if list.count != raw.count { return "\(L.objName) counts \(list.count) of \(raw.count) elements" }
        if list.objects.count != raw.count { return "\(L.objName) decodes \(list.objects.count) of \(raw.count)" }
        for element in list where element.toPrimitive()["nova_object.name"] != .string(L.Element.objName) {
            return "\(L.objName) holds a stranger"
        }
        return nil
    }

    static func checkBackports(_ object: any NovaObject) -> String? {
        let type = Swift.type(of: object)
        guard let mine = ObjectVersion(type.objVersion) else { return "\(type.objName) has a bad version" }
        for minor in 0..<mine.minor {
            let target = ObjectVersion(mine.major, minor)
            let primitive = object.toPrimitive(version: target)
            guard primitive["nova_object.version"] == .string(target.description) else {
                return "\(type.objName) backported to \(target) says \(primitive["nova_object.version"] ?? .null)"
            }
            let decoded: any NovaObject
            do { decoded = try ObjectRegistry.decode(primitive) } catch {
                return "\(type.objName) backported to \(target) is refused: \(error)"
            }
            for (field, added) in type.fieldVersions {
                if let a = ObjectVersion(added), a > target, primitive["nova_object.data"]?[field] != nil {
                    return "\(type.objName) backported to \(target) still carries \(field) (added in \(added))"
                }
            }
            _ = decoded
        }
        return nil
    }

    static func checkStorage(_ storage: ObjectStorage, of type: any NovaObject.Type, depth: Int) -> String? {
        let fields = type.fieldMap
        for change in storage.changes where storage.values[change] == nil { return "change \(change) without value" }
        for (key, value) in storage.values {
            guard let field = fields[key] else { return "unknown field \(key) kept" }
            if let problem = checkValue(value, field: field, depth: depth) { return "\(key): \(problem)" }
        }
        return nil
    }

    /// Whether a stored value has its field's declared type, in the form decoding leaves it in.
    static func checkValue(_ value: JSONValue, field: Field, depth: Int) -> String? {
        if value.isNull { return field.nullable ? nil : "null kept in a non-nullable field" }
        switch (field.type, value) {
        case (.dateTime, .string(let text)):
            guard let date = NovaTime.parse(text) else { return "datetime \(text.debugDescription) does not parse" }
            if NovaTime.format(date) != text { return "datetime \(text.debugDescription) is not canonical" }
            guard let year = Int(text.prefix(4)), (1...9999).contains(year), text.utf8.count >= 20 else {
                return "datetime \(text.debugDescription) outside years 1-9999"
            }
            return nil
        case (.string, .string), (.uuid, .string), (.int, .int), (.float, .double), (.bool, .bool), (.json, _):
            return nil
        case (.enumeration(let choices), .string(let s)):
            return choices.contains(s) ? nil : "\(s.debugDescription) is not one of \(choices)"
        case (.stringDict, .object(let o)):
            let bad = o.values.contains { !($0.isNull || $0.stringValue != nil) }
            return bad ? "a non-string in a string dict" : nil
        case (.stringList, .array(let a)):
            return a.allSatisfy({ $0.stringValue != nil }) ? nil : "a non-string in a string list"
        case (.intList, .array(let a)):
            return a.allSatisfy({ $0.intValue != nil }) ? nil : "a non-integer in an integer list"
        case (.object(let name), _):
            return checkNested(value, name: name, depth: depth)
        case (.objectList(let name), .array(let a)):
            for element in a {
                if let problem = checkNested(element, name: name, depth: depth) { return problem }
            }
            return nil
        default:
            return "\(value) kept for a field of type \(field.type)"
        }
    }

    static func checkNested(_ value: JSONValue, name: String, depth: Int) -> String? {
        guard value["nova_object.name"] == .string(name) else { return "a nested object that is not a \(name)" }
        guard let nested = try? ObjectRegistry.decode(value) else { return "a nested \(name) that does not decode" }
        return check(nested, depth: depth + 1)
    }
}
