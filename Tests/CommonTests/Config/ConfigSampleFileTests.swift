import Foundation
import NovaTestSupport
import Testing

@testable import Common

/// etc/nova/nova.conf.sample is generated, never hand-edited: this fails when a declaration changed and the
/// sample was not regenerated.
@Suite struct ConfigSampleFileTests {
    @Test func theCommittedSampleMatchesTheDeclarations() throws {
        let path = TestSupport.packageRoot + "/etc/nova/nova.conf.sample"
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        let fresh = ConfigSampleGenerator.render(NovaOptions.all)
        let a = committed.split(separator: "\n", omittingEmptySubsequences: false)
        let b = fresh.split(separator: "\n", omittingEmptySubsequences: false)
        let firstDiff = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(committed == fresh, """
            etc/nova/nova.conf.sample is stale: run scripts/gen-config.sh. First difference at line \
            \((firstDiff?.offset ?? min(a.count, b.count)) + 1): committed '\(firstDiff?.element.0 ?? "")', \
            generated '\(firstDiff?.element.1 ?? "")'
            """)
    }

    @Test func theCommittedSampleParsesAndSetsNothing() throws {
        // Every line is a comment, so loading the sample as a config leaves every default in place.
        let path = TestSupport.packageRoot + "/etc/nova/nova.conf.sample"
        let conf = try Config(definitions: NovaOptions.all, files: [path], configDir: nil, cli: [])
        #expect(conf.warnings.isEmpty)
        for def in NovaOptions.all { #expect(conf.value(def.key) == def.defaultValue) }
    }
}
