import Testing

@testable import Common

@Suite struct JSONValueTests {
    @Test func parsesEveryKindOfValue() throws {
        let v = try JSONValue.parse(#"{"a": [1, -2.5, true, false, null, "x\u00e9\n"], "b": {}}"#)
        #expect(v == .object(["a": .array([.int(1), .double(-2.5), .bool(true), .bool(false), .null,
                                           .string("xé\n")]), "b": .object([:])]))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\":1,}", "01", "1.", "'x'", "[1] x", "{a:1}", "\"\\q\"", "nul", "NaN"])
    func rejectsWhatRFC8259Rejects(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test func nestingIsBounded() {
        let n = JSONValue.maxDepth + 10
        let deep = String(repeating: "[", count: n) + String(repeating: "]", count: n)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
    }

    @Test func serializesCompactlyWithSortedKeys() throws {
        let v: JSONValue = ["b": 1, "a": [true, nil, 1.5, 2.0], "c": "q\"uote"]
        #expect(v.serialized() == #"{"a":[true,null,1.5,2.0],"b":1,"c":"q\"uote"}"#)
        #expect(try JSONValue.parse(v.serialized()) == v)
        #expect(try JSONValue.parse(Array(v.serializedBytes())) == v)
    }

    @Test func accessorsReadTheRightKinds() {
        let v: JSONValue = ["n": 3, "d": 3.0, "s": "x", "l": [1]]
        #expect(v["n"]?.intValue == 3)
        #expect(v["d"]?.intValue == 3)
        #expect(v["s"]?.intValue == nil)
        #expect(v["s"]?.stringValue == "x")
        #expect(v["l"]?.arrayValue?.count == 1)
        #expect(v["missing"] == nil)
    }
}
