import Testing

@testable import Common

/// The INI reader on files the fuzzer (Fuzz/Config) broke it with: line endings, whitespace, names.
@Suite struct INIFileTests {
    private func entries(_ text: String) throws -> [[String]] {
        try INIFile(path: "t.conf", text: text).entries.map(\.triple)
    }

    @Test func crlfAndLoneCRLineEndingsReadLikeLF() throws {
        let lf = "[DEFAULT]\nhost = h1\nreport_interval = 5\n[fake]\nnodes = 2\n"
        let expected = try entries(lf)
        #expect(expected.count == 3)
        // Swift makes "\r\n" one Character: splitting at "\n" used to leave the whole file as one line.
        #expect(try entries(lf.replacingOccurrences(of: "\n", with: "\r\n")) == expected)
        #expect(try entries(lf.replacingOccurrences(of: "\n", with: "\r")) == expected)
        #expect(try INIFile(path: "t", text: "[DEFAULT]\r\nhost = h\r\n").entries.map(\.line) == [2])
    }

    @Test func continuationLinesWorkWithCRLF() throws {
        let text = "[filter_scheduler]\r\nenabled_filters = ComputeFilter,\r\n    RamFilter\r\n"
        #expect(try entries(text) == [["filter_scheduler", "enabled_filters", "ComputeFilter,\nRamFilter"]])
    }

    @Test(arguments: ["[]", "[ ]", "[\t]", "[\u{A0}]"])
    func aBlankSectionNameIsAnError(header: String) {
        #expect(throws: INIFile.ParseError.self) { try INIFile(path: "t", text: "\(header)\ndebug = true\n") }
    }

    @Test(arguments: ["[data\0base]\nx = 1\n", "[DEFAULT]\nhos\u{1}t = h\n", "[DEFAULT]\nmy\u{7F}_ip = ::1\n",
                      "[a\tb]\nx = 1\n"])
    func controlCharactersInNamesAreSyntaxErrors(text: String) {
        #expect(throws: INIFile.ParseError.self) { try INIFile(path: "t", text: text) }
    }

    @Test func namesAndValuesAreTrimmedOfEveryKindOfWhitespace() throws {
        // Form feed, vertical tab, NO-BREAK SPACE, IDEOGRAPHIC SPACE: what Python's str.strip() removes.
        let text = "[ DEFAULT\u{A0}]\n\u{A0}host\u{3000}=\u{C} h1 \u{B}\n"
        #expect(try entries(text) == [["DEFAULT", "host", "h1"]])
    }

    @Test func aCombiningMarkDoesNotHideTheSeparatorOrTheBracket() throws {
        // "=\u{301}" is one Character; the reader works on scalars, so the separator is still found.
        #expect(try entries("[x]\nkey =\u{301}v\n") == [["x", "key", "\u{301}v"]])
        #expect(throws: INIFile.ParseError.self) { try INIFile(path: "t", text: "[x]\u{301}\n") }
    }

    @Test func theEntriesWrittenBackOutReadTheSame() throws {
        let text = "[DEFAULT]\nhost = h\n[filter_scheduler]\nenabled_filters = A,\n  B\n"
        let ini = try INIFile(path: "t", text: text)
        #expect(try entries(ConfigInvariants.render(ini.entries)) == ini.entries.map(\.triple))
    }
}
