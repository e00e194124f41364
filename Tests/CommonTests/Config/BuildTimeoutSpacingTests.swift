import Testing

@testable import Common

/// How often compute and conductor look for stale builds follows `instance_build_timeout`.
@Suite struct BuildTimeoutSpacingTests {
    @Test(arguments: [(0, 0), (1, 1), (10, 10), (60, 60), (600, 60)])
    func staleBuildsAreLookedForEveryTimeoutAtMostEveryMinute(timeout: Int, seconds: Int) {
        let conf = Config(definitions: NovaOptions.all, overrides: ["instance_build_timeout": .int(timeout)])
        #expect(ComputeOptions.buildTimeoutCheckSpacing(conf) == .seconds(seconds))
    }
}
