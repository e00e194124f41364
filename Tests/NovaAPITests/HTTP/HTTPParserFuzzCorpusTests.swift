import Foundation
import NovaTestSupport
import Testing

@testable import NovaAPI

/// The fuzzer's promises, checked in the ordinary test run over its seed corpus and over inputs the
/// fuzzer once broke the parser with (Fuzz/HTTPParser/regressions).
@Suite struct HTTPParserFuzzCorpusTests {
    static func inputs(_ folder: String) -> [String] {
        let dir = TestSupport.packageRoot + "/Fuzz/HTTPParser/" + folder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.sorted().map { dir + "/" + $0 }
    }

    @Test func theSeedCorpusIsThere() {
        #expect(Self.inputs("corpus").count >= 20)
    }

    @Test(arguments: inputs("corpus") + inputs("regressions"))
    func everyInvariantHoldsFor(path: String) throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(HTTPParserInvariants.violation(in: bytes) == nil, "\(path)")
        // With the server's default limits too, not only the fuzzer's small ones.
        #expect(HTTPParserInvariants.violation(in: bytes, limits: HTTPParserLimits()) == nil, "\(path)")
    }

    @Test func theCheckerNoticesABrokenPromise() {
        // A head whose declared length exceeds the limit must be reported, so a checker that
        // accepts everything would fail here.
        let head = HTTPRequestHead(
            method: "GET", target: "/", version: "HTTP/1.1", headers: HTTPHeaders([("Host", "h")]),
            framing: .length(5000), keepAlive: true, expectsContinue: false, isHTTP10: false)
        #expect(HTTPParserInvariants.checkHead(head, limits: HTTPParserInvariants.fuzzLimits) != nil)
        #expect(!HTTPParserInvariants.isClean("X", "a\r\nb"))
    }
}
