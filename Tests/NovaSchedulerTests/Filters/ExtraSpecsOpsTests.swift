import Testing
@testable import NovaScheduler

@Suite struct ExtraSpecsOpsTests {
    @Test(arguments: [
        ("4", "= 4", true), ("5", "= 4", true), ("3", "= 4", false),
        ("4", "== 4", true), ("4.0", "== 4", true), ("5", "== 4", false),
        ("5", "!= 4", true), ("4", ">= 4", true), ("3", "<= 4", true), ("5", "<= 4", false),
        ("abc", "s== abc", true), ("abc", "s!= abc", false), ("abc", "s< abd", true), ("abd", "s> abc", true),
        ("abc", "s<= abc", true), ("abc", "s>= abd", false),
        ("vmx avx", "<in> avx", true), ("vmx", "<in> avx", false),
        ("vmx avx sse", "<all-in> avx vmx", true), ("vmx sse", "<all-in> avx vmx", false),
        ("b", "<or> a <or> b <or> c", true), ("d", "<or> a <or> b", false),
        ("plain", "plain", true), ("plain", "other", false),
        ("x", "= 4", false),
    ])
    func matches(value: String, requirement: String, expected: Bool) {
        #expect(ExtraSpecsOps.match(value, requirement) == expected)
    }
}
