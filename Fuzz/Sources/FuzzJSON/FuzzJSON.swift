import Foundation
import FuzzChecks

/// libFuzzer target: any bytes as a JSON API response (SPEC §2, §3).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    NormalizerCheck.run(Data(bytes: data, count: size))
    return 0
}
