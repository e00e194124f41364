// libFuzzer entry for the RPC message decoders: oslo.messaging's envelope, requests, replies and remote
// errors (Sources/Common/RPC/Messages, Sources/Common/RPC/Errors, Sources/Common/Context), built by
// scripts/fuzz.sh; any broken promise of RPCEnvelopeInvariants traps, and libFuzzer keeps the input.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRPCEnvelope(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let problem = RPCEnvelopeInvariants.violation(in: input) {
        fatalError("RPC envelope invariant broken: \(problem)")
    }
    return 0
}
