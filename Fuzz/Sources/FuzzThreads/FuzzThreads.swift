import Foundation
import FuzzChecks

/// libFuzzer target: the input as the recipe of a response of thousands of records, read by the
/// threaded batching (SPEC §3) and compared with a read on one thread.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzThreads(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    ThreadedCheck.run(Data(bytes: data, count: size))
    return 0
}
