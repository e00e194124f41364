// libFuzzer entry for the HTTP/1.1 request parser. Built by scripts/fuzz.sh together with the parser's
// sources (Sources/NovaAPI/HTTP/HTTPTypes.swift and Sources/NovaAPI/HTTP/Parser/*.swift); any broken
// promise of HTTPParserInvariants traps, and libFuzzer keeps the input as a crash artifact.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let problem = HTTPParserInvariants.violation(in: input) {
        fatalError("HTTP parser invariant broken: \(problem)")
    }
    return 0
}
