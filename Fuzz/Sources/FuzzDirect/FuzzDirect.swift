import Foundation
import FuzzChecks

/// libFuzzer target: the input as the records of a JSON list, each built the fast way and the
/// general way, which must agree.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDirect(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    DirectPathCheck.run(Data(bytes: data, count: size))
    return 0
}
