// libFuzzer entry for the config reader: the INI parser (Sources/Common/Config/INIParser.swift) and the
// option kinds' value parsers (ConfigValue.swift), built by scripts/fuzz.sh with Sources/Common/Config and
// Sources/Common/Conf; any broken promise of ConfigInvariants traps, and libFuzzer keeps the input.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let problem = ConfigInvariants.violation(in: input) {
        fatalError("config invariant broken: \(problem)")
    }
    return 0
}
