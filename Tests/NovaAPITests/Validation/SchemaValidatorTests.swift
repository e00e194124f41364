import Common
import Testing

@testable import NovaAPI

@Suite struct SchemaValidatorTests {
    let flavor = Schema.object(
        [
            (
                "flavor",
                .object(
                    [
                        ("name", .string(minLength: 1, maxLength: 255, pattern: "^(?! )[\\w. _-]+(?<! )$")),
                        ("ram", .integer(minimum: 1)),
                        ("vcpus", .integer(minimum: 1, maximum: 2_147_483_647)),
                        ("id", .string(minLength: 1, maxLength: 255).nullable()),
                        ("os-flavor-access:is_public", .booleanLike),
                    ], required: ["name", "ram", "vcpus"])
            )
        ], required: ["flavor"])

    func message(_ body: JSONValue) -> String? {
        do { try SchemaValidator.validateBody(body, flavor) } catch { return error.message }
        return nil
    }

    @Test func aValidBodyPasses() {
        #expect(message(["flavor": ["name": "m1.tiny", "ram": 512, "vcpus": "1", "id": nil]]) == nil)
    }

    @Test func typeErrors() {
        #expect(
            message(["flavor": ["name": 5, "ram": 1, "vcpus": 1]])
                == "Invalid input for field/attribute name. Value: 5. 5 is not of type 'string'")
        #expect(
            message(["flavor": ["name": "a", "ram": true, "vcpus": 1]])
                == "Invalid input for field/attribute ram. Value: True. True is not of type 'integer', 'string'")
        #expect(
            message(["flavor": "x"])
                == "Invalid input for field/attribute flavor. Value: x. 'x' is not of type 'object'")
    }

    @Test func integersGivenAsStringsAreComparedAsNumbers() {
        #expect(
            message(["flavor": ["name": "a", "ram": "0", "vcpus": 1]])
                == "Invalid input for field/attribute ram. Value: 0. 0 is less than the minimum of 1")
        #expect(
            message(["flavor": ["name": "a", "ram": 1, "vcpus": 2_147_483_648]])
                == "Invalid input for field/attribute vcpus. Value: 2147483648. 2147483648 is greater than the "
                + "maximum of "
                + "2147483647")
        #expect(
            message(["flavor": ["name": "a", "ram": "1.5", "vcpus": 1]])
                == "Invalid input for field/attribute ram. Value: 1.5. '1.5' does not match '^[0-9]*$'")
    }

    @Test func requiredAndAdditionalProperties() {
        #expect(
            message(["flavor": ["name": "a", "ram": 1]])
                == "Invalid input for field/attribute flavor. Value: {'name': 'a', 'ram': 1}. "
                + "'vcpus' is a required property"
        )
        #expect(
            message(["flavor": ["name": "a", "ram": 1, "vcpus": 1, "zz": 1, "aa": 2]])
                == "Invalid input for field/attribute flavor. "
                + "Value: {'aa': 2, 'name': 'a', 'ram': 1, 'vcpus': 1, 'zz': 1}. "
                + "Additional properties are not allowed ('aa', 'zz' were unexpected)")
        #expect(message([:]) == "'flavor' is a required property")
    }

    @Test func lengthsPatternsAndEnums() {
        #expect(
            message(["flavor": ["name": .string(String(repeating: "a", count: 256)), "ram": 1, "vcpus": 1]])?
                .hasSuffix("is too long") == true)
        #expect(
            message(["flavor": ["name": " lead", "ram": 1, "vcpus": 1]])
                == "Invalid input for field/attribute name. Value:  lead. ' lead' does not match "
                + "'^(?! )[\\\\w. _-]+(?<! )$'")
        #expect(
            message(["flavor": ["name": "a", "ram": 1, "vcpus": 1, "os-flavor-access:is_public": "maybe"]])?
                .hasPrefix(
                    "Invalid input for field/attribute os-flavor-access:is_public. Value: maybe. 'maybe' is not "
                        + "one of [True, 'True'") == true)
    }

    @Test func arraysReportTheFailingItemsField() {
        let schema = Schema.object([
            (
                "networks",
                .array(
                    .object([("uuid", .string(format: "uuid"))], required: ["uuid"]),
                    minItems: 1)
            )
        ])
        #expect(
            throws: APIError.badRequest("Invalid input for field/attribute uuid. Value: nope. 'nope' is not a 'uuid'")
        ) {
            try SchemaValidator.validateBody(["networks": [["uuid": "nope"]]], schema)
        }
        #expect(
            throws: APIError.badRequest("Invalid input for field/attribute networks. Value: []. [] should be non-empty")
        ) {
            try SchemaValidator.validateBody(["networks": []], schema)
        }
        #expect(throws: Never.self) {
            try SchemaValidator.validateBody(["networks": [["uuid": "34a593e7-7353-4ba4-88a9-c996c3efd5c1"]]], schema)
        }
    }

    @Test func queryParametersUseTheQueryWording() {
        let schema = Schema.object(
            [("limit", .multi(.integer(minimum: 0))), ("name", .multi(.string()))],
            additionalProperties: true)
        #expect(
            throws: APIError.badRequest(
                "Invalid input for query parameters limit. Value: abc. 'abc' does not match '^[0-9]*$'")
        ) {
            try SchemaValidator.validateQuery(QueryParameters(parsing: "limit=abc"), schema)
        }
        #expect(throws: Never.self) {
            try SchemaValidator.validateQuery(QueryParameters(parsing: "limit=5&x=1"), schema)
        }
        let strict = Schema.object([("limit", .multi(.integer(minimum: 0)))])
        #expect(throws: APIError.badRequest("Additional properties are not allowed ('foo' was unexpected)")) {
            try SchemaValidator.validateQuery(QueryParameters(parsing: "foo=1"), strict)
        }
    }

    @Test func metadataMapsUsePatternProperties() {
        let schema = Schema.object([
            (
                "metadata",
                .map(
                    pattern: "^[a-zA-Z0-9-_:. ]{1,255}$",
                    values: .string(maxLength: 255))
            )
        ])
        #expect(throws: Never.self) { try SchemaValidator.validateBody(["metadata": ["a": "b"]], schema) }
        #expect(
            throws: APIError.badRequest(
                "Invalid input for field/attribute metadata. Value: {'a/b': 'x'}. 'a/b' does "
                    + "not match any of the regexes: '^[a-zA-Z0-9-_:. ]{1,255}$'")
        ) {
            try SchemaValidator.validateBody(["metadata": ["a/b": "x"]], schema)
        }
    }

    @Test func pythonReprMatchesPython() {
        #expect(
            PythonRepr.repr(["a": [1, 2.5, nil, true], "b": "it's"]) == "{'a': [1, 2.5, None, True], 'b': \"it's\"}")
        #expect(PythonRepr.repr("tab\there") == "'tab\\there'")
        #expect(PythonRepr.str("plain") == "plain")
        #expect(PythonRepr.repr(.double(2.0)) == "2.0")
    }
}
