import FuzzChecks

/// libFuzzer target: any bytes, as UTF-8, as a value printed by a template in each output format.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEscapers(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    EscaperCheck.run(String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self))
    return 0
}
