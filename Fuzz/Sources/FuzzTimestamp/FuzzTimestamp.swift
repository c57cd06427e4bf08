import FuzzChecks

/// libFuzzer target: any bytes, as UTF-8, as a start or end time.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTimestamp(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    TimestampCheck.run(String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self))
    return 0
}
