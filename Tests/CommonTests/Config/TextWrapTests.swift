import Testing

@testable import Common

@Suite struct TextWrapTests {
    @Test func wordsFillLinesUpToTheWidthPrefixIncluded() {
        #expect(TextWrap.wrap("aa bb cc dd", width: 7, prefix: "# ") == ["# aa bb", "# cc dd"])
        #expect(TextWrap.wrap("aa bb cc", width: 8, prefix: "") == ["aa bb cc"])
    }

    @Test func aLongWordGetsItsOwnLineUnbroken() {
        #expect(TextWrap.wrap("a verylongword b", width: 6, prefix: "") == ["a", "verylongword", "b"])
    }

    @Test func whitespaceRunsCollapseAndEmptyTextKeepsThePrefix() {
        #expect(TextWrap.wrap("  a \t b  ", width: 20, prefix: "# ") == ["# a b"])
        #expect(TextWrap.wrap("", width: 20, prefix: "# ") == ["#"])
        #expect(TextWrap.wrapParagraphs("one\n\ntwo", width: 20, prefix: "# ") == ["# one", "#", "# two"])
    }

    @Test func theFirstLineCanHaveItsOwnPrefix() {
        #expect(TextWrap.wrap("aa bb cc", width: 10, prefix: "    ", firstPrefix: "-x  ") == ["-x  aa bb", "    cc"])
    }
}
