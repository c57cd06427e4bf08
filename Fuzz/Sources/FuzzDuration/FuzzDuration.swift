import FuzzChecks

/// libFuzzer target: any bytes, as UTF-8, as a duration field's text and as a JSON number token.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDuration(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    DurationCheck.run(String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self))
    return 0
}
