// libFuzzer entry for the JSON reader and the versioned-object decoder (Sources/Common/JSON,
// Sources/Common/Objects), built by scripts/fuzz.sh; any broken promise of ObjectDecoderInvariants traps,
// and libFuzzer keeps the input.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzObjectDecoder(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let problem = ObjectDecoderInvariants.violation(in: input) {
        fatalError("object decoder invariant broken: \(problem)")
    }
    return 0
}
