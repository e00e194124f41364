import Foundation
import NovaTestSupport
import Testing

@testable import Common

/// The fuzz targets' promises (Fuzz/Config, Fuzz/ObjectDecoder, Fuzz/RPCEnvelope), checked in the ordinary
/// test run over their seed corpora and over every input the fuzzer once broke them with (regressions/).
@Suite struct FuzzCorpusTests {
    static func inputs(_ target: String, _ folder: String) -> [String] {
        let dir = TestSupport.packageRoot + "/Fuzz/\(target)/" + folder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.sorted().map { dir + "/" + $0 }
    }

    static func all(_ target: String) -> [String] { inputs(target, "corpus") + inputs(target, "regressions") }

    static func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    @Test(arguments: ["Config", "ObjectDecoder", "RPCEnvelope"])
    func everyTargetHasAFewDozenSeeds(target: String) {
        #expect(Self.inputs(target, "corpus").count >= 24, "\(target)")
    }

    @Test(arguments: all("Config"))
    func configInvariantsHold(path: String) throws {
        #expect(ConfigInvariants.violation(in: try Self.bytes(path)) == nil, "\(path)")
    }

    @Test(arguments: all("ObjectDecoder"))
    func objectDecoderInvariantsHold(path: String) throws {
        #expect(ObjectDecoderInvariants.violation(in: try Self.bytes(path)) == nil, "\(path)")
    }

    @Test(arguments: all("RPCEnvelope"))
    func rpcEnvelopeInvariantsHold(path: String) throws {
        #expect(RPCEnvelopeInvariants.violation(in: try Self.bytes(path)) == nil, "\(path)")
    }

    static func accepted(_ target: String, _ ok: ([UInt8]) -> Bool) throws -> Int {
        try inputs(target, "corpus").filter { ok(try bytes($0)) }.count
    }

    @Test func theSeedsAreMostlyAccepted() throws {
        // Seeds that all bounced off the first check would leave the deeper code unfuzzed.
        #expect(try Self.accepted("ObjectDecoder") { (try? ObjectRegistry.decode(JSONValue.parse($0))) != nil } >= 30)
        #expect(try Self.accepted("RPCEnvelope") {
            (try? RPCRequest.decode($0)) != nil || (try? RPCReply.decode($0)) != nil
        } >= 24)
        #expect(try Self.accepted("Config") {
            (try? INIFile(path: "c", text: String(decoding: $0, as: UTF8.self)))?.entries.isEmpty == false
        } >= 30)
    }

    @Test func theCheckersNoticeBrokenPromises() {
        // Checkers that accept everything would make the fuzz targets and the tests above worthless.
        #expect(ConfigInvariants.checkEntries(
            [INIFile.Entry(section: "", key: "k", value: "v", line: 1)], lineCount: 1) != nil)
        #expect(ConfigInvariants.checkValue("1", kind: .int(min: 5, max: nil)) == nil)
        #expect(ObjectDecoderInvariants.checkValue(.string("2026-11-22T10:00:00+00:00"),
                                                   field: Field("t", .dateTime), depth: 0) != nil)
        #expect(ObjectDecoderInvariants.checkValue(.int(1), field: Field("s", .string), depth: 0) != nil)
        let wrongArgs = Array(#"{"method": "ping", "args": 5}"#.utf8)
        #expect(RPCEnvelopeInvariants.checkFields(wrongArgs, request: true) != nil)
    }
}
